// One live metric chart (a line with points) against training step.
import { h } from './dom';
import type { ChartTheme } from './chartTheme';
import { StepPlot } from './stepPlot';

export class MetricChart extends StepPlot {
  readonly element: HTMLElement;

  constructor(
    readonly metric: string,
    onStep: (step: number) => void,
  ) {
    super(onStep, [[], []]);
    this.element = h(
      'figure',
      { className: 'metric-chart', testId: 'metric-chart', attrs: { 'data-metric': metric } },
      h('figcaption', { className: 'chart-title' }, metric),
      this.canvasHost,
    );
  }

  build(theme: ChartTheme): void {
    this.draw(theme, [theme.series[this.metric] ?? theme.axis]);
  }

  setData(steps: number[], values: (number | null)[]): void {
    this.redraw([steps, values]);
    this.element.dataset.points = String(values.filter((value) => value !== null).length);
  }
}

// One live metric chart (a uPlot line with points) against training step. Clicking a point reports
// its step, which the panel turns into a step filter on the list.
import uPlot from 'uplot';
import { h } from './dom';
import type { ChartTheme } from './chartTheme';

export const CHART_HEIGHT = 110;

export class MetricChart {
  readonly element: HTMLElement;
  private readonly canvasHost = h('div', { className: 'chart-canvas' });
  private plot: uPlot | undefined;
  private data: uPlot.AlignedData = [[], []];

  constructor(
    readonly metric: string,
    private readonly onStep: (step: number) => void,
  ) {
    this.element = h(
      'figure',
      { className: 'metric-chart', testId: 'metric-chart', attrs: { 'data-metric': metric } },
      h('figcaption', { className: 'chart-title' }, metric),
      this.canvasHost,
    );
  }

  /** (Re)creates the plot with the theme's colours at the host's current width. */
  build(theme: ChartTheme): void {
    this.plot?.destroy();
    const colour = theme.series[this.metric] ?? theme.axis;
    const axis = {
      stroke: theme.axis,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { show: false },
    };
    const options: uPlot.Options = {
      width: Math.max(120, this.canvasHost.clientWidth),
      height: CHART_HEIGHT,
      legend: { show: false },
      // No drag-to-zoom: a click on a point filters the list, and a drag would swallow it.
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: {
        // Exactly the step range, so a step's x position is predictable (and testable).
        x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
      },
      axes: [
        { ...axis, size: 24 },
        { ...axis, size: 40 },
      ],
      series: [
        {},
        { stroke: colour, width: 1.5, points: { show: true, size: 4, fill: colour, stroke: colour } },
      ],
    };
    this.plot = new uPlot(options, this.data, this.canvasHost);
    this.plot.over.addEventListener('click', () => this.onClick());
  }

  setData(steps: number[], values: (number | null)[]): void {
    this.data = [steps, values];
    this.plot?.setData(this.data);
    this.element.dataset.points = String(values.filter((value) => value !== null).length);
  }

  resize(): void {
    if (this.plot && this.canvasHost.clientWidth > 0) {
      this.plot.setSize({ width: this.canvasHost.clientWidth, height: CHART_HEIGHT });
    }
  }

  private onClick(): void {
    const index = this.plot?.cursor.idx;
    const step = index === null || index === undefined ? undefined : this.data[0][index];
    if (typeof step === 'number') this.onStep(step);
  }
}

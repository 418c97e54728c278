// What every chart in the charts panel shares: a uPlot of lines with points against training
// step, drawn in the theme's colours at its host's width, where a click on a point reports that
// point's step (the panel turns it into a step filter on the list).
import uPlot from 'uplot';
import type { ChartTheme } from './chartTheme';
import { h } from './dom';

export const CHART_HEIGHT = 110;

export abstract class StepPlot {
  protected readonly canvasHost = h('div', { className: 'chart-canvas' });
  private plot: uPlot | undefined;

  /** ``data``: the steps, then one array of values a line, all empty before the first data. */
  constructor(
    private readonly onStep: (step: number) => void,
    private data: uPlot.AlignedData,
  ) {}

  /** (Re)creates the plot with the theme's colours at the host's current width. */
  protected draw(theme: ChartTheme, colours: string[], y?: uPlot.Scale['range']): void {
    this.plot?.destroy();
    const axis = {
      stroke: theme.axis,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { show: false },
    };
    const line = (colour: string): uPlot.Series => ({
      stroke: colour,
      width: 1.5,
      points: { show: true, size: 4, fill: colour, stroke: colour },
    });
    this.plot = new uPlot(
      {
        width: Math.max(120, this.canvasHost.clientWidth),
        height: CHART_HEIGHT,
        legend: { show: false },
        // No drag-to-zoom: a click on a point filters the list, and a drag would swallow it.
        cursor: { drag: { x: false, y: false }, points: { size: 7 } },
        scales: {
          // Exactly the step range, so a step's x position is predictable (and testable).
          x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
          ...(y ? { y: { range: y } } : {}),
        },
        axes: [
          { ...axis, size: 24 },
          { ...axis, size: 40 },
        ],
        series: [{}, ...colours.map(line)],
      },
      this.data,
      this.canvasHost,
    );
    this.plot.over.addEventListener('click', () => this.onClick());
  }

  protected redraw(data: uPlot.AlignedData): void {
    this.data = data;
    this.plot?.setData(this.data);
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

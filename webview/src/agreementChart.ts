// The charts panel's human-vs-refiner agreement chart: per training step, the share of labels whose
// cut is exactly the Meta-Refiner's, and Cohen's kappa over the cut values (agreement.ts, the same
// numbers the label export reports). Drawn as the metric charts are (uPlot, theme colours, points,
// a click filters the list to that step), with two lines and a legend naming them.
import uPlot from 'uplot';
import { agreementNote, type AgreementSeries } from './agreementSeries';
import type { ChartTheme } from './chartTheme';
import { h } from './dom';
import { CHART_HEIGHT } from './metricChart';

// Two of the theme's chart colours, the ones the metric charts give em_mean and searches_mean:
// green for "the cuts match", purple for kappa.
const EXACT_COLOUR = 'em_mean';
const KAPPA_COLOUR = 'searches_mean';

export class AgreementChart {
  readonly element: HTMLElement;
  private readonly canvasHost = h('div', { className: 'chart-canvas' });
  private readonly note = h('span', { className: 'muted agreement-count', testId: 'agreement-count' });
  private readonly exactKey = h('span', {}, '\u25CF exact cut match');
  private readonly kappaKey = h('span', {}, '\u25CF kappa');
  private plot: uPlot | undefined;
  private data: uPlot.AlignedData = [[], [], []];

  constructor(private readonly onStep: (step: number) => void) {
    this.element = h(
      'figure',
      {
        className: 'metric-chart agreement-chart',
        testId: 'agreement-chart',
        attrs: { 'data-metric': 'agreement' },
      },
      h(
        'figcaption',
        { className: 'chart-title' },
        'human vs refiner cut',
        h('span', { className: 'agreement-legend' }, this.exactKey, this.kappaKey),
        ' ',
        this.note,
      ),
      this.canvasHost,
    );
  }

  build(theme: ChartTheme): void {
    this.plot?.destroy();
    const exact = theme.series[EXACT_COLOUR] ?? theme.axis;
    const kappa = theme.series[KAPPA_COLOUR] ?? theme.axis;
    this.exactKey.style.color = exact;
    this.kappaKey.style.color = kappa;
    const axis = {
      stroke: theme.axis,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { show: false },
    };
    const line = (colour: string) => ({
      stroke: colour,
      width: 1.5,
      points: { show: true, size: 4, fill: colour, stroke: colour },
    });
    this.plot = new uPlot(
      {
        width: Math.max(120, this.canvasHost.clientWidth),
        height: CHART_HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { size: 7 } },
        scales: {
          x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
          // Both are at most 1; kappa can go below 0 (worse than chance), down to -1.
          y: { range: (_u, min) => [Math.min(0, Math.floor((min ?? 0) * 10) / 10), 1] },
        },
        axes: [
          { ...axis, size: 24 },
          { ...axis, size: 40 },
        ],
        series: [{}, line(exact), line(kappa)],
      },
      this.data,
      this.canvasHost,
    );
    this.plot.over.addEventListener('click', () => this.onClick());
  }

  setData(series: AgreementSeries): void {
    this.data = [series.steps, series.exactMatch, series.kappa];
    this.plot?.setData(this.data);
    this.element.dataset.points = String(series.steps.length);
    this.note.textContent = agreementNote(series);
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

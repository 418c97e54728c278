// The charts panel's human-vs-refiner agreement chart: per training step, the share of labels whose
// cut is exactly the Meta-Refiner's, and Cohen's kappa over the cut values (agreement.ts, the same
// numbers the label export reports). Drawn as the metric charts are (uPlot, theme colours, points,
// a click filters the list to that step), with two lines and a legend naming them.
import { agreementNote, type AgreementSeries } from './agreementSeries';
import type { ChartTheme } from './chartTheme';
import { h } from './dom';
import { StepPlot } from './stepPlot';

// Two of the theme's chart colours, the ones the metric charts give em_mean and searches_mean:
// green for "the cuts match", purple for kappa.
const EXACT_COLOUR = 'em_mean';
const KAPPA_COLOUR = 'searches_mean';

export class AgreementChart extends StepPlot {
  readonly element: HTMLElement;
  private readonly note = h('span', { className: 'muted agreement-count', testId: 'agreement-count' });
  private readonly exactKey = h('span', {}, '\u25CF exact cut match');
  private readonly kappaKey = h('span', {}, '\u25CF kappa');

  constructor(onStep: (step: number) => void) {
    super(onStep, [[], [], []]);
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
    const exact = theme.series[EXACT_COLOUR] ?? theme.axis;
    const kappa = theme.series[KAPPA_COLOUR] ?? theme.axis;
    this.exactKey.style.color = exact;
    this.kappaKey.style.color = kappa;
    // Both are at most 1; kappa can go below 0 (worse than chance), down to -1.
    this.draw(theme, [exact, kappa], (_u, min) => [Math.min(0, Math.floor((min ?? 0) * 10) / 10), 1]);
  }

  setData(series: AgreementSeries): void {
    this.redraw([series.steps, series.exactMatch, series.kappa]);
    this.element.dataset.points = String(series.steps.length);
    this.note.textContent = agreementNote(series);
  }
}

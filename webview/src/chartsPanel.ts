// The collapsible strip of live charts above the list: reward_mean, em_mean, searches_mean,
// step_seconds, and for Search-R2 runs revise_rate and r_process_mean, against step, from the
// trainer's metrics messages. A chart whose metric the run never reported (revise_rate in a
// Search-R1 run) stays hidden. With labels, a last chart shows how often people's cuts match the
// Meta-Refiner's per step (exact match and kappa), hidden until some label counts. Charts are
// built only while the
// panel is open (uPlot needs a width), follow the theme, and a click on a point filters the list to
// that step.
import type { Annotation } from '../../src/annotations/generated';
import { AgreementChart } from './agreementChart';
import { agreementSeries } from './agreementSeries';
import { onThemeChange, readChartTheme } from './chartTheme';
import { h } from './dom';
import { MetricChart } from './metricChart';
import type { QueryModel } from './queryModel';
import type { InspectorStore } from './store';

export const chartedMetrics = [
  'reward_mean',
  'em_mean',
  'revise_rate',
  'r_process_mean',
  'searches_mean',
  'step_seconds',
] as const;

/** The shown run's labels (the label pane's model fits). */
export interface LabelSource {
  readonly state: { readonly annotations: readonly Annotation[] };
  subscribe(listener: () => void): unknown;
}

export class ChartsPanel {
  readonly element: HTMLElement;
  readonly toggle: HTMLButtonElement;
  private readonly charts: MetricChart[];
  private readonly agreement: AgreementChart;
  private readonly empty = h(
    'div',
    { className: 'charts-empty muted', testId: 'charts-empty' },
    'No training metrics yet: charts fill in as the trainer reports each step.',
  );
  private built = false;

  constructor(
    private readonly store: InspectorStore,
    queryModel: QueryModel,
    open: boolean,
    private readonly onOpenChange: (open: boolean) => void,
    private readonly labels?: LabelSource,
  ) {
    const filterToStep = (step: number) => queryModel.update({ stepMin: step, stepMax: step });
    this.charts = chartedMetrics.map((metric) => new MetricChart(metric, filterToStep));
    this.agreement = new AgreementChart(filterToStep);
    this.element = h(
      'section',
      {
        className: 'charts-panel',
        testId: 'charts-panel',
        attrs: { id: 'charts-panel', 'aria-label': 'Training metrics' },
      },
      this.empty,
      h(
        'div',
        { className: 'charts-grid' },
        ...this.charts.map((chart) => chart.element),
        this.agreement.element,
      ),
    );
    this.toggle = h(
      'button',
      {
        className: 'charts-toggle',
        testId: 'charts-toggle',
        attrs: { type: 'button', 'aria-controls': 'charts-panel' },
      },
      'Charts',
    );
    this.toggle.addEventListener('click', () => this.setOpen(this.element.hidden));
    store.subscribe((change) => {
      if (change.kind === 'metrics' || change.kind === 'reset') this.renderData();
    });
    labels?.subscribe(() => this.renderData());
    new ResizeObserver(() => {
      for (const chart of this.charts) chart.resize();
      this.agreement.resize();
    }).observe(this.element);
    onThemeChange(() => {
      if (this.built) this.build();
    });
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.renderData();
  }

  /** Builds the charts once the panel is in the document (main.ts calls it after mounting). */
  mount(): void {
    if (!this.element.hidden) this.build();
  }

  private setOpen(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open && !this.built) this.build();
    this.onOpenChange(open);
  }

  private build(): void {
    const theme = readChartTheme();
    for (const chart of this.charts) chart.build(theme);
    this.agreement.build(theme);
    this.built = true;
    this.renderData();
  }

  private renderData(): void {
    const history = this.store.metricsHistory;
    const agreement = agreementSeries(this.labels?.state.annotations ?? []);
    this.empty.hidden = history.steps.length > 0 || agreement.steps.length > 0;
    for (const chart of this.charts) {
      const series = history.series(chart.metric);
      chart.element.hidden = !series.some((value) => value !== null);
      chart.setData(history.steps, series);
    }
    this.agreement.element.hidden = agreement.steps.length === 0;
    this.agreement.setData(agreement);
  }
}

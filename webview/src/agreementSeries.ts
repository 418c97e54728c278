// The agreement chart's numbers, DOM-free (tested under Node): per training step, the share of
// labels whose cut is exactly the Meta-Refiner's, and Cohen's kappa over the cut values.
import type { Annotation } from '../../src/annotations/generated';
import { agreementByStep, type AgreementPoint } from '../../src/annotations/export/agreement';

export interface AgreementSeries {
  steps: number[];
  exactMatch: (number | null)[];
  kappa: (number | null)[];
  /** Labels that counted, all steps together. */
  labels: number;
}

/** The chart's data from the run's labels; labels without a refiner decision or a cut do not count. */
export function agreementSeries(annotations: readonly Annotation[]): AgreementSeries {
  const points: AgreementPoint[] = agreementByStep(annotations);
  return {
    steps: points.map((p) => p.step),
    exactMatch: points.map((p) => p.exactMatch),
    kappa: points.map((p) => p.kappa),
    labels: points.reduce((sum, p) => sum + p.n, 0),
  };
}

/** The numbers behind the newest point, in words: '4 labels · step 12: 50% exact, kappa 0.20'. */
export function agreementNote(series: AgreementSeries): string {
  const labels = `${series.labels} label${series.labels === 1 ? '' : 's'}`;
  const last = series.steps.length - 1;
  if (last < 0) return labels;
  const exact = Math.round((series.exactMatch[last] ?? 0) * 100);
  const kappa = series.kappa[last];
  const k = kappa === null || kappa === undefined ? 'n/a' : kappa.toFixed(2);
  return `${labels} \u00B7 step ${series.steps[last]}: ${exact}% exact, kappa ${k}`;
}

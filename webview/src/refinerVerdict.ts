// The Meta-Refiner's verdict in words, shared by the refiner panel, the cut marker on the timeline
// and the "kept as is" badge, so all three say the same thing with the same numbers.
import { formatMetric, singleLine } from './displayText';
import type { RefinerDecision } from './refinerFields';

/**
 * "margin 1.20 ≥ τ 0.00": the relation is computed from the numbers, never assumed from the decision.
 * A sampled decision adds the odds it was drawn with, since it may go against the relation.
 */
export function marginText(decision: RefinerDecision): string {
  const { margin, tau, pRevise } = decision;
  if (margin === undefined) return 'margin not recorded';
  const drawn = pRevise === undefined ? '' : `, drawn with p(revise) ${formatMetric(pRevise)}`;
  if (tau === undefined) return `margin ${formatMetric(margin)}${drawn}`;
  return `margin ${formatMetric(margin)} ${margin >= tau ? '\u2265' : '<'} \u03C4 ${formatMetric(tau)}${drawn}`;
}

/** "earliest flawed step 2, margin 1.20 ≥ τ 0.00" */
export function cutText(decision: RefinerDecision): string {
  const step =
    decision.cutStep !== undefined && decision.cutStep >= 1 ? `step ${decision.cutStep}` : 'step ?';
  return `earliest flawed ${step}, ${marginText(decision)}`;
}

/** The verdict as one line: revised at a step, kept as is, or not recognised. */
export function verdictText(decision: RefinerDecision): string {
  if (decision.decision === 'revise') return `Revised: ${cutText(decision)}`;
  if (decision.decision === 'keep') return `Kept as is (${marginText(decision)})`;
  const sent = decision.decision === undefined ? 'none' : `"${singleLine(decision.decision, 40)}"`;
  return `Refiner decision not recognised (${sent})`;
}

/** A short form for lists of decisions: "revise at step 2" / "keep". */
export function decisionShort(decision: RefinerDecision): string {
  if (decision.decision === 'revise') return `revise at step ${decision.cutStep ?? '?'}`;
  return decision.decision === 'keep' ? 'keep' : 'unrecognised';
}

/**
 * "cut attempt trained: R 0.00, advantage -0.89" when the run trained the attempt it cut
 * (refiner.train_dropped: its dropped suffix or its flawed step); undefined when the record
 * does not say, as in runs without it.
 */
export function attemptText(decision: RefinerDecision): string | undefined {
  const { attemptReward, attemptAdvantage } = decision;
  if (attemptAdvantage === undefined) return undefined;
  const reward = attemptReward === undefined ? '' : `R ${formatMetric(attemptReward)}, `;
  return `cut attempt trained: ${reward}advantage ${formatMetric(attemptAdvantage)}`;
}

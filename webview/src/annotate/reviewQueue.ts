// The review queue: the rollouts nobody has labelled yet, in the order most worth a person's time.
// Pure functions over the store's rollouts, so the orders are tested without a page.
import type { Rollout } from '../../../src/protocol/generated';
import type { RolloutStepScores } from '../../../src/protocol/webviewMessages';
import { isCorrect, processRewardOf, refinerOf } from '../rolloutFields';
import { stepScores } from '../stepScores';

/** A rollout's step scores, if the scorer has scored it (the page's model unless a test says). */
export type ScoresOf = (rolloutId: string) => RolloutStepScores | undefined;
const pageScores: ScoresOf = (id) => stepScores.get(id);

export type QueueOrder = 'newest' | 'uncertainty' | 'poorSearches' | 'disagreement';

export interface QueueOrderInfo {
  order: QueueOrder;
  label: string;
  /** Why it cannot be chosen yet; undefined when it can. */
  disabledBecause?: string;
}

export const queueOrders: readonly QueueOrderInfo[] = [
  { order: 'newest', label: 'Newest first' },
  { order: 'uncertainty', label: 'Refiner uncertainty (|margin \u2212 \u03C4| smallest)' },
  { order: 'poorSearches', label: 'Correct answer, poor searches (lowest r_process)' },
  { order: 'disagreement', label: 'Disagreement (refiner vs step scorer)' },
];

/** Why the disagreement order cannot be chosen now; undefined once some rollout is scored. */
export function disagreementUnavailable(hasScores: boolean): string | undefined {
  return hasScores ? undefined : 'needs step scores: no step scorer has scored this run yet';
}

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/**
 * How close the refiner was to deciding the other way, |margin − τ| (τ absent reads as 0); undefined
 * without a margin. Reads only those two fields: the queue ranks 100k rollouts at a time.
 */
export function refinerUncertainty(rollout: Rollout): number | undefined {
  const refiner = (rollout as unknown as { refiner?: unknown }).refiner;
  if (typeof refiner !== 'object' || refiner === null) return undefined;
  const { margin, tau } = refiner as { margin?: unknown; tau?: unknown };
  const m = finite(margin);
  return m === undefined ? undefined : Math.abs(m - (finite(tau) ?? 0));
}

/**
 * How far the refiner's cut (0 when it kept the rollout) is from the step scorer's predicted first
 * flaw, in steps; ties go to the rollout where the scorer is surer of its own cut (its P(flawed) at
 * that step, or 1 − its highest P when it predicts none). Undefined without both verdicts.
 */
export function scorerDisagreement(
  rollout: Rollout,
  scores: RolloutStepScores | undefined,
): number | undefined {
  const verdict = refinerOf(rollout);
  if (scores === undefined || verdict === undefined) return undefined;
  let refinerCut: number;
  if (verdict.decision === 'keep') refinerCut = 0;
  else if (verdict.decision === 'revise' && verdict.cutStep !== undefined) refinerCut = verdict.cutStep;
  else return undefined;
  const predicted = scores.predictedCut;
  const sure = predicted > 0 ? (scores.pFlawed[predicted - 1] ?? 0.5) : 1 - Math.max(0, ...scores.pFlawed);
  return Math.abs(refinerCut - predicted) + Math.min(sure, 0.999);
}

/** How many rollouts the queue would hold, without ranking them (cheap enough for every render). */
export function reviewQueueSize(
  rollouts: readonly Rollout[],
  labelled: ReadonlySet<string>,
  order: QueueOrder,
  scoresOf: ScoresOf = pageScores,
): number {
  let size = 0;
  rollouts.forEach((rollout, index) => {
    if (!labelled.has(rollout.id) && queueKey(rollout, index, order, scoresOf) !== undefined) size += 1;
  });
  return size;
}

interface Keyed {
  index: number;
  key: number;
}

/** Ascending by key, arrival order between equals. */
const byKey = (a: Keyed, b: Keyed): number => a.key - b.key || a.index - b.index;

/**
 * Ids of the rollouts to review, in order. `labelled` rollouts are left out; rollouts the order
 * cannot rank (no margin, not correct, no r_process, not scored) are left out of the orders that
 * need them.
 */
export function reviewQueue(
  rollouts: readonly Rollout[],
  labelled: ReadonlySet<string>,
  order: QueueOrder,
  scoresOf: ScoresOf = pageScores,
): string[] {
  const keyed: Keyed[] = [];
  rollouts.forEach((rollout, index) => {
    if (labelled.has(rollout.id)) return;
    const key = queueKey(rollout, index, order, scoresOf);
    if (key !== undefined) keyed.push({ index, key });
  });
  return keyed.sort(byKey).map(({ index }) => (rollouts[index] as Rollout).id);
}

function queueKey(
  rollout: Rollout,
  index: number,
  order: QueueOrder,
  scoresOf: ScoresOf,
): number | undefined {
  switch (order) {
    case 'newest':
      // Latest step first; within a step, latest arrival first.
      return -(Number.isFinite(rollout.step) ? rollout.step : 0) * 1e9 - index;
    case 'uncertainty':
      return refinerUncertainty(rollout);
    case 'poorSearches':
      return isCorrect(rollout) ? processRewardOf(rollout) : undefined;
    case 'disagreement': {
      // Most disagreement first; rollouts the scorer has not scored (or with no refiner) are left out.
      const apart = scorerDisagreement(rollout, scoresOf(rollout.id));
      return apart === undefined ? undefined : -apart;
    }
  }
}

// What each list column sorts by and (for optional columns) whether a rollout has its field. Kept
// apart from the cell rendering in listColumns.ts so it stays DOM-free and unit-testable.
import type { Rollout } from '../../src/protocol/generated';
import { singleLine } from './displayText';
import { advantageOf, dataSourceOf, isCorrect, numberOf, processRewardOf, refinerOf } from './rolloutFields';
import type { SortKey } from './sortKeys';
import { stepScores } from './stepScores';

export const columnKeys = [
  'step',
  'question',
  'answer',
  'em',
  'reward',
  'searches',
  'source',
  'advantage',
  'rProcess',
  'refiner',
  'margin',
  'predictedFlaw',
] as const;

export type ColumnKey = (typeof columnKeys)[number];

export interface ColumnData {
  sortKey: (rollout: Rollout) => SortKey;
  /** Optional columns show only when some rollout has the field. */
  presentIn?: (rollout: Rollout) => boolean;
}

export function isColumnKey(value: unknown): value is ColumnKey {
  return typeof value === 'string' && (columnKeys as readonly string[]).includes(value);
}

// Sorting by a 200-character lowercase head: enough to order questions, cheap for 100k.
const lower = (text: unknown) => (typeof text === 'string' ? text.slice(0, 200).toLowerCase() : undefined);

/** The refiner cell: 'cut @2' for a revision at step 2, 'kept' when it left the rollout as is
 *  (the trainer's decisions are 'revise' and 'keep'; other producers' words are shown as sent). */
export function refinerText(rollout: Rollout): string {
  const verdict = refinerOf(rollout);
  if (verdict === undefined) return '';
  if (verdict.decision === 'keep') return 'kept';
  const decision = verdict.decision === 'revise' ? 'cut' : singleLine(verdict.decision ?? '?', 40);
  return verdict.cutStep === undefined ? decision : `${decision} @${verdict.cutStep}`;
}

export const columnData: Record<ColumnKey, ColumnData> = {
  step: { sortKey: (r) => numberOf(r.step) },
  question: { sortKey: (r) => lower(r.question) },
  answer: { sortKey: (r) => lower(r.answer) },
  em: { sortKey: (r) => (isCorrect(r) ? 1 : 0) },
  reward: { sortKey: (r) => numberOf(r.reward) },
  searches: { sortKey: (r) => numberOf(r.n_searches) },
  source: { sortKey: dataSourceOf, presentIn: (r) => dataSourceOf(r) !== undefined },
  advantage: { sortKey: advantageOf, presentIn: (r) => advantageOf(r) !== undefined },
  rProcess: { sortKey: processRewardOf, presentIn: (r) => processRewardOf(r) !== undefined },
  refiner: { sortKey: (r) => refinerText(r) || undefined, presentIn: (r) => refinerOf(r) !== undefined },
  margin: { sortKey: (r) => refinerOf(r)?.margin, presentIn: (r) => refinerOf(r)?.margin !== undefined },
  // Scores come apart from the rollouts, so no rollout "has" this field: ScoredFacets shows the
  // column once the step scorer has scored something.
  predictedFlaw: { sortKey: (r) => stepScores.get(r.id)?.predictedCut, presentIn: () => false },
};

// The Meta-Refiner's full record on a rollout (`refiner`, absent for search_r1 runs), read
// defensively: it is not in the protocol schema, so every field is checked and a field of the wrong
// type reads as absent rather than as a wrong number. `refinerOf` in rolloutFields.ts stays the
// cheap reader the list columns use; this one is for the detail pane.
import type { Document, Rollout, Turn } from '../../src/protocol/generated';

export interface RefinerDecision {
  /** 'revise', 'keep', or whatever else a producer sent (shown as unrecognised). */
  decision: string | undefined;
  /** 1-based step the refiner named as the earliest flawed one; 0 or undefined when none. */
  cutStep: number | undefined;
  margin: number | undefined;
  tau: number | undefined;
  /** Set when the decision was drawn (refiner.decision = sample): its probability of revising. */
  pRevise: number | undefined;
  logpRevise: number | undefined;
  logpKeep: number | undefined;
  /** log p(k) for k = 0..n; an entry that is not a finite number is undefined. */
  stepLogprobs: (number | undefined)[];
  /** How many turns of the final trajectory are the kept prefix (undefined when unusable). */
  keptTurns: number | undefined;
  droppedTurns: Turn[];
  promptVersion: string | undefined;
  trained: boolean | undefined;
  /** Set when the run trained the attempt this decision cut (refiner.train_dropped): its R. */
  attemptReward: number | undefined;
  /** ... and the advantage it was trained with. */
  attemptAdvantage: number | undefined;
}

export interface RefinerRecord extends RefinerDecision {
  revisions: number | undefined;
  /** Every decision in order (the first is the one the top-level fields repeat). */
  decisions: RefinerDecision[];
}

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const probability = (value: unknown) => {
  const p = finite(value);
  return p !== undefined && p >= 0 && p <= 1 ? p : undefined;
};
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const count = (value: unknown) => {
  const n = finite(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
};

function documentOf(value: unknown): Document | undefined {
  if (!isObject(value)) return undefined;
  return {
    id: text(value.id) ?? '',
    title: text(value.title) ?? '',
    text: text(value.text) ?? '',
    ...(finite(value.score) === undefined ? {} : { score: finite(value.score) }),
  };
}

/** A turn from outside the schema, coerced to the Turn shape the timeline renders. */
export function turnOf(value: unknown): Turn | undefined {
  if (!isObject(value)) return undefined;
  const action = value.action === 'search' || value.action === 'answer' ? value.action : 'invalid';
  const turn: Turn = { text: text(value.text) ?? '', action, think: text(value.think) ?? null };
  if (action === 'search') {
    turn.query = text(value.query) ?? '';
    const documents = Array.isArray(value.documents) ? (value.documents as unknown[]) : [];
    turn.documents = documents.map(documentOf).filter((d): d is Document => d !== undefined);
  }
  if (action === 'answer') turn.answer = text(value.answer) ?? '';
  if (text(value.feedback) !== undefined) turn.feedback = text(value.feedback);
  return turn;
}

function decisionOf(raw: Raw): RefinerDecision {
  const logprobs = Array.isArray(raw.step_logprobs) ? (raw.step_logprobs as unknown[]) : [];
  const dropped = Array.isArray(raw.dropped_turns) ? (raw.dropped_turns as unknown[]) : [];
  return {
    decision: text(raw.decision),
    cutStep: count(raw.cut_step),
    margin: finite(raw.margin),
    tau: finite(raw.tau),
    pRevise: probability(raw.p_revise),
    logpRevise: finite(raw.logp_revise),
    logpKeep: finite(raw.logp_keep),
    // A handful of step numbers (the prompt caps them); a broken producer must not build 100k bars.
    stepLogprobs: logprobs.slice(0, 64).map(finite),
    keptTurns: count(raw.kept_turns),
    droppedTurns: dropped.map(turnOf).filter((t): t is Turn => t !== undefined),
    promptVersion: text(raw.prompt_version),
    trained: typeof raw.trained === 'boolean' ? raw.trained : undefined,
    attemptReward: finite(raw.attempt_reward),
    attemptAdvantage: finite(raw.attempt_advantage),
  };
}

export function refinerRecordOf(rollout: Rollout): RefinerRecord | undefined {
  const value = (rollout as unknown as Raw).refiner;
  if (!isObject(value)) return undefined;
  const decisions = Array.isArray(value.decisions) ? (value.decisions as unknown[]) : [];
  return {
    ...decisionOf(value),
    revisions: count(value.revisions),
    decisions: decisions.filter(isObject).slice(0, 16).map(decisionOf),
  };
}

/** A revision the diff can show: decided 'revise' with a kept prefix inside the final trajectory. */
export function isRevised(record: RefinerDecision): boolean {
  return record.decision === 'revise';
}

/**
 * Where the regenerated suffix starts in the final trajectory: kept_turns when it is consistent with
 * the turns, else cut_step − 1; undefined when neither fits (the cut is then not drawn anywhere).
 */
export function keptPrefixLength(record: RefinerDecision, turnCount: number): number | undefined {
  if (!isRevised(record)) return undefined;
  if (record.keptTurns !== undefined && record.keptTurns <= turnCount) return record.keptTurns;
  const fromCut = record.cutStep !== undefined && record.cutStep >= 1 ? record.cutStep - 1 : undefined;
  return fromCut !== undefined && fromCut <= turnCount ? fromCut : undefined;
}

// The step scorer's verdicts on the shown run, as the host sends them (`stepScorer`, then
// `stepScores` a chunk at a time). One model per page, as the store is: list columns, the timeline
// and the review queue are plain functions of a rollout and have no other way to reach it. No DOM:
// the queue's tests run in node.
import type { RolloutStepScores, StepScorerState } from '../../src/protocol/webviewMessages';

const noScorer: StepScorerState = {
  available: false,
  message: 'No step scorer yet: the trainer writes one beside each checkpoint.',
};

const isProbability = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

function isScores(value: unknown): value is RolloutStepScores {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<RolloutStepScores>;
  return (
    typeof s.rolloutId === 'string' &&
    Array.isArray(s.pFlawed) &&
    s.pFlawed.every(isProbability) &&
    Number.isInteger(s.predictedCut) &&
    (s.predictedCut as number) >= 0 &&
    (s.predictedCut as number) <= s.pFlawed.length
  );
}

export class StepScoresModel {
  private scorer: StepScorerState = noScorer;
  private readonly byId = new Map<string, RolloutStepScores>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change, so rankings know when to rank again. */
  version = 0;

  get state(): StepScorerState {
    return this.scorer;
  }
  /** Some rollout has scores: the column and the queue order make sense. */
  get hasScores(): boolean {
    return this.byId.size > 0;
  }

  get(rolloutId: string | undefined): RolloutStepScores | undefined {
    return rolloutId === undefined ? undefined : this.byId.get(rolloutId);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another run, or a reload: what we held belongs to the old view. */
  reset(): void {
    this.setScorer(noScorer);
  }

  /** A (new) scorer: its scores follow; anything held was another scorer's. */
  setScorer(value: unknown): void {
    const state = value as Partial<StepScorerState> | null;
    this.scorer =
      typeof state?.available === 'boolean' && typeof state.message === 'string'
        ? { available: state.available, message: state.message.slice(0, 2_000) }
        : noScorer;
    this.byId.clear();
    this.changed();
  }

  add(scores: unknown): void {
    if (!Array.isArray(scores)) return;
    for (const s of scores) if (isScores(s)) this.byId.set(s.rolloutId, s);
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

export const stepScores = new StepScoresModel();

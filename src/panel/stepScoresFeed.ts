// The step scorer's verdicts for the run the inspector shows. On each fresh view (`restart`) it
// picks the scorer (the run's newest checkpoint's, else the newest in the runs folder), tells the
// view which one (`stepScorer`), then scores every rollout a chunk at a time, yielding to the event
// loop between chunks, so a 100k-rollout run never holds up the extension host; rollouts that
// arrive meanwhile are scored as they come. While a run is live, each new training step looks for a
// newer checkpoint's scorer and rescores with it. No `vscode`: unit-tested with a real model.
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Disposable } from '../core/disposable';
import { describeError, type Logger } from '../core/logger';
import type { Rollout } from '../protocol/generated';
import type { HostToWebview, RolloutStepScores, StepScorerState } from '../protocol/webviewMessages';
import { sameScorer, scorerCandidates, type ScorerFile } from '../scorer/findScorer';
import { StepScorer } from '../scorer/stepScorer';
import type { InspectorSource } from './inspectedRun';

/** Steps per ONNX call: the input is dense (2059 floats a step); 512 steps (~4 MB) take ~20 ms. */
const CHUNK_STEPS = 512;
/** A live run reports a step every few seconds; looking for a new checkpoint more often buys nothing. */
const RESCAN_MS = 2_000;

export interface StepScoresFeedOptions {
  post: (message: HostToWebview) => void;
  logger: Logger;
  /** Where other runs' scorers are looked for; default: the folder holding the shown run. */
  runsRoot?: () => string | undefined;
  chunkSteps?: number;
  /** Least time between two looks for a newer checkpoint's scorer; default RESCAN_MS. */
  rescanMs?: number;
}

interface Loaded {
  file: ScorerFile;
  scorer: StepScorer;
}

export class StepScoresFeed extends Disposable {
  private active = false;
  /** Bumped by every restart, stop and scorer change: work for an older one is dropped. */
  private generation = 0;
  private loaded: Loaded | undefined;
  /** Replaced scorers, released once no chunk can be using them. */
  private retired: StepScorer[] = [];
  private pending: Rollout[] = [];
  private pumping = false;
  private idleWaiters: (() => void)[] = [];
  private lastScan = 0;
  private lastStep: number | undefined;

  constructor(
    private readonly model: InspectorSource,
    private readonly options: StepScoresFeedOptions,
  ) {
    super();
    this._register(
      model.onDidReceiveRollouts((rollouts) => {
        if (!this.active) return;
        for (const rollout of rollouts) this.pending.push(rollout);
        void this.pump();
      }),
    );
    this._register(
      model.onDidChangeStatus((status) => {
        if (!this.active || status.readOnly === true || status.step === this.lastStep) return;
        this.lastStep = status.step;
        if (Date.now() - this.lastScan >= (this.options.rescanMs ?? RESCAN_MS))
          void this.choose(this.generation, false);
      }),
    );
    this._register({ dispose: () => this.releaseAll() });
  }

  /** The view was sent a fresh `init`: say which scorer, then score every rollout again. */
  restart(): void {
    this.active = true;
    const generation = ++this.generation;
    this.pending = [];
    this.lastStep = this.model.status.step;
    void this.choose(generation, true);
  }

  /** The view is gone: no more messages until the next `restart`. */
  stop(): void {
    this.active = false;
    this.generation++;
    this.pending = [];
  }

  /** Resolves once everything queued so far is scored and posted (tests, benchmarks). */
  whenIdle(): Promise<void> {
    if (!this.pumping && (this.pending.length === 0 || this.loaded === undefined)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The scorer the feed uses now, if any (for tests and the log). */
  get scorerFile(): ScorerFile | undefined {
    return this.loaded?.file;
  }

  /**
   * Finds the best loadable scorer; on a fresh view (`announce`) or a different scorer, tells the view
   * and queues every rollout for scoring.
   */
  private async choose(generation: number, announce: boolean): Promise<void> {
    this.lastScan = Date.now();
    const runDir = this.model.status.runDir;
    const root = this.options.runsRoot?.() ?? (runDir === undefined ? undefined : path.dirname(runDir));
    const candidates = runDir === undefined ? [] : await scorerCandidates(runDir, root);
    const failures: string[] = [];
    let chosen: Loaded | undefined;
    for (const file of candidates) {
      if (sameScorer(file, this.loaded?.file)) {
        chosen = this.loaded;
        break;
      }
      try {
        chosen = { file, scorer: await StepScorer.load(file.onnxPath) };
        break;
      } catch (err: unknown) {
        failures.push(describeError(err));
        this.options.logger.warn(`step scorer: ${describeError(err)}`);
      }
    }
    if (generation !== this.generation || this.isDisposed) {
      if (chosen !== undefined && chosen !== this.loaded) void chosen.scorer.dispose();
      return;
    }
    const changed = chosen !== this.loaded;
    if (!announce && !changed) return;
    if (changed) {
      if (this.loaded !== undefined) this.retired.push(this.loaded.scorer);
      this.loaded = chosen;
      if (!announce) this.generation++; // chunks of the old scorer in flight are dropped
    }
    this.pending = [...this.model.rollouts];
    // A fresh view already reads "no step scorer yet" until told otherwise: nothing to say then.
    const silent = announce && chosen === undefined && failures.length === 0;
    if (!silent) this.options.post({ type: 'stepScorer', scorer: describe(chosen, runDir, failures) });
    if (chosen !== undefined) {
      this.options.logger.info(`step scorer: ${chosen.file.onnxPath} (${chosen.scorer.provider})`);
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.active && this.loaded !== undefined && this.pending.length > 0) {
        const generation = this.generation;
        const chunk = this.takeChunk();
        let scores: RolloutStepScores[];
        try {
          scores = (await this.loaded.scorer.score(chunk)).map((s) => ({
            rolloutId: s.rolloutId,
            pFlawed: s.pFlawed.map((p) => Math.round(p * 1000) / 1000),
            predictedCut: s.predictedCut,
          }));
        } catch (err: unknown) {
          // One malformed rollout must not stop the rest: log it and go on with the next chunk.
          this.options.logger.warn(
            `step scorer: could not score ${chunk.length} rollout(s): ${describeError(err)}`,
          );
          continue;
        }
        if (generation === this.generation && this.active) this.options.post({ type: 'stepScores', scores });
        await nextTurn(); // let messages, keys and the trainer's lines through between chunks
      }
    } finally {
      this.pumping = false;
      this.releaseRetired();
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Rollouts from the front of the queue up to CHUNK_STEPS steps (at least one rollout). */
  private takeChunk(): Rollout[] {
    const budget = this.options.chunkSteps ?? CHUNK_STEPS;
    let steps = 0;
    let count = 0;
    while (count < this.pending.length) {
      const turns = Array.isArray(this.pending[count]?.turns) ? this.pending[count]!.turns.length : 0;
      if (count > 0 && steps + turns > budget) break;
      steps += turns;
      count++;
    }
    return this.pending.splice(0, count);
  }

  private releaseRetired(): void {
    for (const scorer of this.retired.splice(0)) void scorer.dispose();
  }

  private releaseAll(): void {
    this.active = false;
    this.releaseRetired();
    void this.loaded?.scorer.dispose();
    this.loaded = undefined;
  }
}

function describe(
  chosen: Loaded | undefined,
  runDir: string | undefined,
  failures: string[],
): StepScorerState {
  const why = failures.length === 0 ? '' : ` (skipped: ${failures.join('; ')})`;
  if (chosen === undefined) {
    return {
      available: false,
      message:
        failures.length === 0
          ? 'No step scorer yet: the trainer writes one beside each checkpoint.'
          : `No usable step scorer${why}`,
    };
  }
  const { runName, step } = chosen.file;
  const own = runDir !== undefined && path.basename(runDir) === runName;
  const where = own
    ? `this run's checkpoint step-${step}`
    : `run ${runName}, checkpoint step-${step} (this run has none yet)`;
  return {
    available: true,
    message: `Step scorer: ${where}, on ${chosen.scorer.provider.toUpperCase()}${why}`,
  };
}

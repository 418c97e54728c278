// The inspector's step scores, host side, on real run folders with the real fixture model
// (test/fixtures/scorer/model.onnx): which scorer is picked, what the view is told when there is
// none or it is broken, that scoring goes in chunks without holding the event loop, and that a
// live run's newer checkpoint brings a rescore.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Emitter } from '../../src/core/emitter';
import { silentLogger } from '../../src/core/logger';
import type { InspectorSource } from '../../src/panel/inspectedRun';
import { StepScoresFeed } from '../../src/panel/stepScoresFeed';
import type { Rollout } from '../../src/protocol/generated';
import type { HostToWebview, RolloutStepScores, RunStatus } from '../../src/protocol/webviewMessages';
import { scorerCandidates } from '../../src/scorer/findScorer';
import { StepScorer } from '../../src/scorer/stepScorer';
import type { MetricsUpdate } from '../../src/trainer/runModel';
import { minimalRollout } from './builders';

const fixture = path.join(__dirname, '..', 'fixtures', 'scorer');

async function writeScorer(runDir: string, step: number, mtime?: Date): Promise<string> {
  const dir = path.join(runDir, 'checkpoints', `step-${step}`);
  await mkdir(dir, { recursive: true });
  const onnx = path.join(dir, 'step_scorer.onnx');
  await copyFile(path.join(fixture, 'model.onnx'), onnx);
  await copyFile(path.join(fixture, 'step_scorer.json'), path.join(dir, 'step_scorer.json'));
  if (mtime !== undefined) await utimes(onnx, mtime, mtime);
  return onnx;
}

function rollout(id: string, step: number, turns: number): Rollout {
  const base = minimalRollout(id, step);
  base.question = 'Who wrote the novel Faust?';
  base.turns = Array.from({ length: turns }, (_, i) =>
    i === turns - 1
      ? { text: '<answer>Goethe</answer>', action: 'answer' as const, answer: 'Goethe' }
      : { text: '', action: 'search' as const, query: `faust novel ${i % 2}`, documents: [] },
  );
  return base;
}

class FakeSource implements InspectorSource {
  readonly statusEmitter = new Emitter<RunStatus>();
  readonly rolloutsEmitter = new Emitter<readonly Rollout[]>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  readonly onDidReceiveRollouts = this.rolloutsEmitter.event;
  readonly onDidReceiveMetrics = new Emitter<MetricsUpdate>().event;
  constructor(
    public status: RunStatus,
    public rollouts: Rollout[],
  ) {}
  add(...rollouts: Rollout[]): void {
    this.rollouts.push(...rollouts);
    this.rolloutsEmitter.fire(rollouts);
  }
  setStep(step: number): void {
    this.status = { ...this.status, step };
    this.statusEmitter.fire(this.status);
  }
}

async function withRuns(body: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'searchr2-scores-'));
  try {
    await body(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function feedFor(source: FakeSource, options: { chunkSteps?: number; rescanMs?: number } = {}) {
  const posted: HostToWebview[] = [];
  const feed = new StepScoresFeed(source, { post: (m) => posted.push(m), logger: silentLogger, ...options });
  const scorerMessages = () => posted.flatMap((m) => (m.type === 'stepScorer' ? [m.scorer] : []));
  const scores = () => posted.flatMap((m) => (m.type === 'stepScores' ? m.scores : []));
  return { feed, posted, scorerMessages, scores };
}

/** Waits for the scorer to be chosen and every queued rollout to be scored. */
async function settle(feed: StepScoresFeed, posted: HostToWebview[]): Promise<void> {
  for (let i = 0; i < 200 && !posted.some((m) => m.type === 'stepScorer'); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await feed.whenIdle();
}

test('a run uses its newest checkpoint that has a scorer, and every rollout gets its steps scored', async () => {
  await withRuns(async (root) => {
    const run = path.join(root, '20261125-010000-live');
    await writeScorer(run, 2);
    await writeScorer(run, 5);
    await mkdir(path.join(run, 'checkpoints', 'step-7'), { recursive: true }); // being written: no scorer yet
    const rollouts = [rollout('a', 1, 3), rollout('b', 1, 1), rollout('c', 2, 4)];
    const source = new FakeSource({ state: 'running', runDir: run, runId: 'live', step: 7 }, [...rollouts]);
    const { feed, posted, scorerMessages, scores } = feedFor(source);
    feed.restart();
    await settle(feed, posted);
    assert.deepEqual(scorerMessages(), [
      { available: true, message: "Step scorer: this run's checkpoint step-5, on CPU" },
    ]);
    assert.equal(feed.scorerFile?.step, 5);
    const got = new Map(scores().map((s) => [s.rolloutId, s]));
    assert.deepEqual([...got.keys()].sort(), ['a', 'b', 'c']);
    // Against the scorer itself, straight: the feed only rounds to 3 decimals.
    const direct = await StepScorer.load(path.join(fixture, 'model.onnx'));
    for (const want of await direct.score(rollouts)) {
      const s = got.get(want.rolloutId) as RolloutStepScores;
      assert.equal(s.pFlawed.length, want.pFlawed.length);
      s.pFlawed.forEach((p, i) => assert.ok(Math.abs(p - (want.pFlawed[i] as number)) <= 0.0005));
      assert.equal(s.predictedCut, want.predictedCut);
    }
    await direct.dispose();
    feed.dispose();
  });
});

test('an imported run without a scorer borrows the newest one in the runs folder and says whose', async () => {
  await withRuns(async (root) => {
    await writeScorer(path.join(root, '20261120-old'), 9, new Date('2026-11-20T00:00:00Z'));
    await writeScorer(path.join(root, '20261124-newer'), 3, new Date('2026-11-24T00:00:00Z'));
    const imported = path.join(root, '20261125-faust-imported');
    await mkdir(imported, { recursive: true });
    const source = new FakeSource({ state: 'stopped', runDir: imported, runId: 'imported', readOnly: true }, [
      rollout('x', 0, 2),
    ]);
    const { feed, posted, scorerMessages, scores } = feedFor(source);
    feed.restart();
    await settle(feed, posted);
    assert.deepEqual(scorerMessages(), [
      {
        available: true,
        message: 'Step scorer: run 20261124-newer, checkpoint step-3 (this run has none yet), on CPU',
      },
    ]);
    assert.deepEqual(
      scores().map((s) => s.rolloutId),
      ['x'],
    );
    feed.dispose();
  });
});

test('no scorer anywhere: nothing is scored and the view keeps its "no step scorer yet"', async () => {
  await withRuns(async (root) => {
    const run = path.join(root, 'run');
    await mkdir(run);
    const source = new FakeSource({ state: 'stopped', runDir: run, readOnly: true }, [rollout('a', 0, 2)]);
    const { feed, posted } = feedFor(source);
    feed.restart();
    await new Promise((r) => setTimeout(r, 100));
    await feed.whenIdle();
    assert.deepEqual(posted, []);
    assert.deepEqual(await scorerCandidates(run), []);
    feed.dispose();
  });
});

test('a corrupt newest scorer is skipped with a clear reason; with none left the view is told why', async () => {
  await withRuns(async (root) => {
    const run = path.join(root, 'run');
    await writeScorer(run, 1);
    const broken = await writeScorer(run, 4);
    await writeFile(broken, 'not an onnx model');
    const source = new FakeSource({ state: 'stopped', runDir: run, readOnly: true }, [rollout('a', 0, 2)]);
    const first = feedFor(source);
    first.feed.restart();
    await settle(first.feed, first.posted);
    const [state] = first.scorerMessages();
    assert.equal(state?.available, true);
    assert.match(
      state?.message ?? '',
      /^Step scorer: this run's checkpoint step-1, on CPU \(skipped: cannot load/,
    );
    assert.match(state?.message ?? '', /step-4.step_scorer\.onnx/);
    assert.equal(first.scores().length, 1);
    first.feed.dispose();

    await writeFile(path.join(run, 'checkpoints', 'step-1', 'step_scorer.onnx'), '');
    const second = feedFor(source);
    second.feed.restart();
    await settle(second.feed, second.posted);
    const [none] = second.scorerMessages();
    assert.equal(none?.available, false);
    assert.match(
      none?.message ?? '',
      /^No usable step scorer \(skipped: cannot load .*Save a new checkpoint/,
    );
    assert.equal(second.scores().length, 0);
    second.feed.dispose();
  });
});

test('a big run is scored in chunks that let the event loop run in between', async () => {
  await withRuns(async (root) => {
    const run = path.join(root, 'run');
    await writeScorer(run, 1);
    const rollouts = Array.from({ length: 600 }, (_, i) => rollout(`r${i}`, i % 10, 1 + (i % 4)));
    const source = new FakeSource({ state: 'stopped', runDir: run, readOnly: true }, rollouts);
    const { feed, posted, scores } = feedFor(source, { chunkSteps: 100 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    feed.restart();
    await settle(feed, posted);
    clearInterval(timer);
    const chunks = posted.filter((m) => m.type === 'stepScores');
    assert.ok(chunks.length >= 15, `${chunks.length} chunks for 1500 steps at 100 a chunk`);
    assert.ok(ticks >= 5, `timers ran ${ticks} times while scoring`);
    const ids = scores().map((s) => s.rolloutId);
    assert.equal(new Set(ids).size, 600);
    assert.equal(ids.length, 600);
    feed.dispose();
  });
});

test('live: new rollouts are scored as they come; a newer checkpoint scorer brings a rescore', async () => {
  await withRuns(async (root) => {
    const run = path.join(root, 'run');
    await writeScorer(run, 1);
    const source = new FakeSource({ state: 'running', runDir: run, step: 1 }, [rollout('a', 1, 2)]);
    const { feed, posted, scorerMessages, scores } = feedFor(source, { rescanMs: 0 });
    feed.restart();
    await settle(feed, posted);
    source.add(rollout('b', 2, 3));
    await feed.whenIdle();
    assert.deepEqual(
      scores().map((s) => s.rolloutId),
      ['a', 'b'],
    );
    source.setStep(2); // no new checkpoint: nothing changes
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(scorerMessages().length, 1);

    await writeScorer(run, 3);
    source.setStep(3);
    for (let i = 0; i < 200 && scorerMessages().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await feed.whenIdle();
    assert.deepEqual(scorerMessages()[1], {
      available: true,
      message: "Step scorer: this run's checkpoint step-3, on CPU",
    });
    const after = posted.slice(
      posted.findIndex((m) => m.type === 'stepScorer' && m.scorer.message.includes('step-3')),
    );
    assert.deepEqual(
      after.flatMap((m) => (m.type === 'stepScores' ? m.scores.map((s) => s.rolloutId) : [])),
      ['a', 'b'],
    );
    feed.stop();
    source.add(rollout('c', 3, 1));
    await feed.whenIdle();
    assert.ok(!scores().some((s) => s.rolloutId === 'c'), 'a stopped feed posts nothing');
    feed.dispose();
  });
});

// The run-directory reader on real folders: what the Runs view will list for each run.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { listRunFolders, readRunFolder } from '../../src/runs/runFolder';

function runsRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'searchr2-runfolders-'));
}

function makeRun(
  root: string,
  name: string,
  files: Record<string, string>,
  checkpoints: number[] = [],
): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  for (const step of checkpoints)
    mkdirSync(path.join(dir, 'checkpoints', `step-${step}`), { recursive: true });
  return dir;
}

const metricsLine = (step: number, phase: string, reward?: number) =>
  JSON.stringify({ step, phase, time: 1, ...(reward === undefined ? {} : { reward_mean: reward }) });

test('a finished run lists its last training step, final reward and checkpoints newest first', async () => {
  const dir = makeRun(
    runsRoot(),
    '20261125-010509-demo',
    {
      'rollouts.jsonl': '{}\n',
      'metrics.jsonl': [
        metricsLine(3, 'sft', 0.9),
        metricsLine(1, 'train', 0.25),
        metricsLine(2, 'train', 0.5),
        metricsLine(2, 'eval'),
      ].join('\n'),
    },
    [2, 10, 1],
  );
  const run = await readRunFolder(dir);
  assert.equal(run.name, '20261125-010509-demo');
  assert.equal(run.hasRollouts, true);
  assert.equal(run.lastStep, 2, 'SFT and eval lines do not move the step');
  assert.equal(run.rewardMean, 0.5);
  assert.deepEqual(
    run.checkpoints.map((c) => c.step),
    [10, 2, 1],
  );
  assert.equal(run.checkpoints[0]?.path, path.join(dir, 'checkpoints', 'step-10'));
});

test('corrupt metrics lines are skipped and counted; the good ones still count', async () => {
  const dir = makeRun(runsRoot(), 'r', {
    'metrics.jsonl': `${metricsLine(1, 'train', 0.1)}\nnot json\n[1,2]\n{"step":"2"}\n${metricsLine(4, 'train', 0.7)}\n{"step":5,"pha`,
  });
  const run = await readRunFolder(dir);
  assert.equal(run.lastStep, 4);
  assert.equal(run.rewardMean, 0.7);
  assert.equal(run.skippedMetricsLines, 4, 'three bad lines and the half-written last one');
});

test('missing files leave their fields empty instead of failing', async () => {
  const dir = makeRun(runsRoot(), 'empty-start', {});
  const run = await readRunFolder(dir);
  assert.deepEqual(
    { ...run, path: undefined },
    {
      name: 'empty-start',
      path: undefined,
      hasRollouts: false,
      lastStep: undefined,
      rewardMean: undefined,
      skippedMetricsLines: 0,
      checkpoints: [],
    },
  );
});

test('only run folders are listed, newest first; a missing runs folder lists nothing', async () => {
  const root = runsRoot();
  makeRun(root, '20261124-090000-demo', { 'rollouts.jsonl': '' });
  makeRun(root, '20261125-080000-demo', {});
  writeFileSync(path.join(root, 'notes.txt'), 'not a run');
  mkdirSync(path.join(root, '20261125-080000-demo', 'checkpoints', 'latest'), { recursive: true });
  const runs = await listRunFolders(root);
  assert.deepEqual(
    runs.map((r) => r.name),
    ['20261125-080000-demo', '20261124-090000-demo'],
  );
  assert.deepEqual(runs[0]?.checkpoints, [], 'only step-N folders are checkpoints');
  assert.deepEqual(await listRunFolders(path.join(root, 'nope')), []);
});

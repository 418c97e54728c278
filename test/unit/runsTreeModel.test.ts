// The Runs view's content, built from real run folders read from disk and a live run's status.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { listRunFolders } from '../../src/runs/runFolder';
import { buildRunsTree } from '../../src/runs/runsTreeModel';

function runsOnDisk(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'searchr2-tree-'));
  const make = (name: string, files: Record<string, string>, checkpoints: number[] = []) => {
    mkdirSync(path.join(root, name));
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, name, file), text);
    for (const s of checkpoints)
      mkdirSync(path.join(root, name, 'checkpoints', `step-${s}`), { recursive: true });
  };
  make(
    '20261120-100000-demo',
    {
      'rollouts.jsonl': '{}\n',
      'metrics.jsonl': '{"step":50,"phase":"train","reward_mean":0.8125}\n',
    },
    [25, 50],
  );
  make('20261124-100000-demo', {});
  make(
    '20261125-100000-demo',
    { 'rollouts.jsonl': '', 'metrics.jsonl': '{"step":1,"phase":"train"}\n' },
    [1],
  );
  return root;
}

test('past runs newest first, with last step, final reward, and checkpoints as children', async () => {
  const root = runsOnDisk();
  const tree = buildRunsTree(await listRunFolders(root), undefined);
  assert.deepEqual(
    tree.map((n) => [n.label, n.description, n.role]),
    [
      ['20261125-100000-demo', 'step 1', 'past'],
      ['20261124-100000-demo', 'empty', 'empty'],
      ['20261120-100000-demo', 'step 50 · reward 0.81', 'past'],
    ],
  );
  assert.deepEqual(
    tree[2]?.checkpoints.map((c) => c.label),
    ['checkpoints/step-50', 'checkpoints/step-25'],
  );
});

test('the live run comes first, marked with its state, step and reward from the trainer', async () => {
  const root = runsOnDisk();
  const liveDir = path.join(root, '20261124-100000-demo');
  const live = { runDir: liveDir, state: 'paused' as const, step: 3, maxSteps: 10, rewardMean: 0.5 };
  const tree = buildRunsTree(await listRunFolders(root), live);
  assert.equal(tree.length, 3, 'listed once, not twice');
  assert.deepEqual(
    [tree[0]?.label, tree[0]?.description, tree[0]?.role, tree[0]?.icon],
    ['20261124-100000-demo', 'paused · step 3/10 · reward 0.50', 'live', 'debug-pause'],
  );
});

test('a live run whose folder is not listed yet still shows; a finished one is just a past run', async () => {
  const root = runsOnDisk();
  const folders = await listRunFolders(root);
  const elsewhere = buildRunsTree(folders, { runDir: '/elsewhere/new-run', state: 'starting' });
  assert.deepEqual([elsewhere[0]?.label, elsewhere[0]?.role, elsewhere.length], ['new-run', 'live', 4]);
  const finished = buildRunsTree(folders, {
    runDir: path.join(root, '20261125-100000-demo'),
    state: 'stopped',
  });
  assert.deepEqual(
    finished.map((n) => n.role),
    ['past', 'empty', 'past'],
  );
});

test('unreadable metrics lines are admitted in the tooltip', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'searchr2-tree-'));
  mkdirSync(path.join(root, 'r'));
  writeFileSync(path.join(root, 'r', 'metrics.jsonl'), '{"step":2,"reward_mean":1}\n{oops\n');
  const [node] = buildRunsTree(await listRunFolders(root), undefined);
  assert.equal(node?.description, 'step 2 · reward 1.00 · no rollouts');
  assert.match(node?.tooltip ?? '', /1 unreadable metrics line\(s\) skipped/);
});

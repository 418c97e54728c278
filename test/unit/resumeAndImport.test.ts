// Resume from Checkpoint, crash recovery and Import Rollouts, wired together against the mocked
// `vscode` module and the fake trainer (test/unit/fixtures/fakeTrainer.mjs via fakePython.sh).
import './mocks/installVscodeMock';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SearchR2Api } from '../../src/api';
import { minimalRollout } from './builders';
import * as vscode from './mocks/vscode';

const { recorded } = vscode;
const fakePython = fileURLToPath(new URL('fixtures/fakePython.sh', import.meta.url));
const importFixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const workspace = mkdtempSync(path.join(tmpdir(), 'searchr2-resume-'));
const argvFile = path.join(workspace, 'argv.txt');
const runsRoot = path.join(workspace, '.searchr2', 'runs');
let extension: typeof import('../../src/extension');
let api: SearchR2Api;

const context = {
  subscriptions: [] as { dispose(): void }[],
  extensionPath: '/nonexistent-extension',
  extensionUri: vscode.Uri.file('/nonexistent-extension'),
  globalStorageUri: vscode.Uri.file(path.join(workspace, 'global')),
};

/** A run that reached step 3 and saved checkpoints at steps 1 and 2. */
function pastRun(name: string): { runDir: string; checkpoint: string } {
  const runDir = path.join(runsRoot, name);
  mkdirSync(path.join(runDir, 'checkpoints', 'step-1'), { recursive: true });
  mkdirSync(path.join(runDir, 'checkpoints', 'step-2'), { recursive: true });
  const rows = [1, 2, 3].map((step) => JSON.stringify(minimalRollout(`old-s${step}`, step)));
  writeFileSync(path.join(runDir, 'rollouts.jsonl'), `${rows.join('\n')}\n{"cut off\n`);
  writeFileSync(
    path.join(runDir, 'metrics.jsonl'),
    [1, 2, 3].map((step) => JSON.stringify({ step, phase: 'train', reward_mean: step / 10 })).join('\n') +
      '\n',
  );
  return { runDir, checkpoint: path.join(runDir, 'checkpoints', 'step-2') };
}

const argv = (): string[] => readFileSync(argvFile, 'utf8').trim().split('\n');
const tick = (ms = 100) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, done: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(50);
  }
}

before(async () => {
  extension = await import('../../src/extension');
  api = extension.activate(context as never);
  recorded.workspaceFolder = workspace;
  recorded.config.set('searchr2.pythonPath', fakePython);
  process.env.FAKE_PYTHON_ARGV = argvFile;
});

after(async () => {
  await extension.deactivate();
  for (const d of context.subscriptions) d.dispose();
});

test(
  'resuming a checkpoint item continues its run: earlier rollouts, then the new ones',
  { timeout: 20_000 },
  async () => {
    const { runDir, checkpoint } = pastRun('20261125-010000-demo');
    recorded.config.set('searchr2.extraTrainerArgs', ['--seed=7']);
    const started = await vscode.commands.executeCommand('searchr2.resumeFromCheckpoint', {
      kind: 'checkpoint',
      path: checkpoint,
    });
    recorded.config.delete('searchr2.extraTrainerArgs');
    assert.equal(started, true);
    const args = argv();
    assert.ok(args.includes(`--resume=${checkpoint}`), args.join(' '));
    assert.ok(args.includes(`--run-dir=${runDir}`));
    assert.ok(
      !args.some((a) => a.startsWith('--preset') || a === '--seed=7'),
      'the config comes from the checkpoint',
    );
    assert.ok(recorded.progress.some((p) => p.title === 'Search-R2: resuming training from step 2'));
    await until('the new rollouts', () => api.rollouts.length === 4);
    // Step 3 came after the checkpoint: the resumed run redoes it, so the old step-3 row is not shown.
    assert.deepEqual(
      api.rollouts.map((r) => r.id),
      ['old-s1', 'old-s2', 's1-a', 's1-b'],
    );
    assert.equal(api.status.runDir, runDir);
    await vscode.commands.executeCommand('searchr2.stopTraining');
    assert.equal(api.status.state, 'stopped');
  },
);

test(
  "from the palette, the recent runs' checkpoints are offered newest first",
  { timeout: 20_000 },
  async () => {
    pastRun('20261125-020000-demo');
    recorded.quickPickAnswer = undefined;
    const seen = recorded.quickPicks.length;
    assert.equal(await vscode.commands.executeCommand('searchr2.resumeFromCheckpoint'), false);
    assert.deepEqual(recorded.quickPicks[seen], [
      '20261125-020000-demo · step 2',
      '20261125-020000-demo · step 1',
      '20261125-010000-demo · step 2',
      '20261125-010000-demo · step 1',
    ]);
  },
);

test(
  'a folder that is not a checkpoint is refused with what to pick instead',
  { timeout: 20_000 },
  async () => {
    const seen = recorded.messages.length;
    const started = await vscode.commands.executeCommand('searchr2.resumeFromCheckpoint', workspace);
    assert.equal(started, false);
    assert.match(
      recorded.messages[seen]?.message ?? '',
      /not a checkpoint folder: pick a run's checkpoints\/step-N/,
    );
  },
);

test(
  'a crash offers Resume from Last Checkpoint, which resumes the newest one',
  { timeout: 30_000 },
  async () => {
    const { runDir } = pastRun('20261125-030000-demo');
    process.env.FAKE_TRAINER_MODE = 'crashMidRun';
    recorded.answer = 'Resume from Last Checkpoint';
    const seen = recorded.messages.length;
    await vscode.commands.executeCommand(
      'searchr2.resumeFromCheckpoint',
      path.join(runDir, 'checkpoints', 'step-1'),
    );
    // The second launch (from the button) gets a trainer that behaves.
    delete process.env.FAKE_TRAINER_MODE;
    await until('the crash message', () => recorded.messages.slice(seen).some((m) => m.severity === 'error'));
    recorded.answer = undefined;
    const crash = recorded.messages.slice(seen).find((m) => m.severity === 'error');
    assert.match(crash?.message ?? '', /training crashed/);
    assert.match(crash?.message ?? '', /CUDA out of memory/);
    assert.match(crash?.message ?? '', /last checkpoint is at step 2/);
    // What to do before the evidence: the stderr tail comes after the checkpoint sentence.
    const text = crash?.message ?? '';
    assert.ok(text.indexOf('last checkpoint') < text.indexOf('Last output'), text);
    assert.deepEqual(crash?.items, ['Resume from Last Checkpoint', 'Show Log']);
    await until('the resumed run', () => api.status.state === 'running');
    assert.ok(argv().includes(`--resume=${path.join(runDir, 'checkpoints', 'step-2')}`));
    await vscode.commands.executeCommand('searchr2.stopTraining');
  },
);

test('a crash of a run without a checkpoint offers only the log', { timeout: 20_000 }, async () => {
  process.env.FAKE_TRAINER_MODE = 'crashMidRun';
  const seen = recorded.messages.length;
  await vscode.commands.executeCommand('searchr2.startTraining');
  delete process.env.FAKE_TRAINER_MODE;
  await until('the crash message', () => recorded.messages.slice(seen).some((m) => m.severity === 'error'));
  const crash = recorded.messages.slice(seen).find((m) => m.severity === 'error');
  assert.deepEqual(crash?.items, ['Show Log']);
});

test(
  'Import Rollouts writes an -imported run and opens it read-only in the inspector',
  { timeout: 20_000 },
  async () => {
    const seen = recorded.messages.length;
    await vscode.commands.executeCommand(
      'searchr2.importRollouts',
      vscode.Uri.file(path.join(importFixtures, 'search-r1.jsonl')),
    );
    assert.equal(api.status.readOnly, true);
    assert.match(api.status.runDir ?? '', /-search-r1-imported$/);
    assert.ok(api.status.runDir?.startsWith(runsRoot));
    assert.equal(api.rollouts.length, 2);
    const warning = recorded.messages.slice(seen).find((m) => m.severity === 'warning');
    assert.match(warning?.message ?? '', /3 line\(s\) of search-r1\.jsonl were not rollouts/);
    assert.ok(recorded.panels.length > 0, 'the inspector was opened');
  },
);

test('a file with no rollout in it imports nothing and says which formats are understood', async () => {
  const junk = path.join(workspace, 'junk.jsonl');
  writeFileSync(junk, '{"a": 1}\nnope\n');
  const seen = recorded.messages.length;
  await vscode.commands.executeCommand('searchr2.importRollouts', vscode.Uri.file(junk));
  assert.match(recorded.messages[seen]?.message ?? '', /nothing to import .*verl.*Search-R1/);
});

test(
  'a window reload stops the trainer and the new window attaches to nothing stale',
  { timeout: 20_000 },
  async () => {
    await vscode.commands.executeCommand('searchr2.startTraining');
    const pid = api.trainerPid;
    assert.ok(pid !== undefined);
    await extension.deactivate(); // what VS Code calls before a reload
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'no trainer outlives the window');
    const reloaded = { ...context, subscriptions: [] as { dispose(): void }[] };
    const fresh = extension.activate(reloaded as never);
    assert.equal(fresh.status.state, 'idle');
    assert.equal(fresh.trainerPid, undefined);
    assert.equal(fresh.rollouts.length, 0);
    for (const d of reloaded.subscriptions) d.dispose();
  },
);

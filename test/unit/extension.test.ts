// The extension wired together, against a mocked `vscode` module and the fake trainer:
// commands, context key, status bar, inspector messages, the public API, and deactivate.
import './mocks/installVscodeMock';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SearchR2Api } from '../../src/api';
import type { HostToWebview } from '../../src/protocol/webviewMessages';
import * as vscode from './mocks/vscode';

const { recorded } = vscode;
const fakePython = fileURLToPath(new URL('fixtures/fakePython.sh', import.meta.url));
const workspace = mkdtempSync(path.join(tmpdir(), 'searchr2-ws-'));
const argvFile = path.join(workspace, 'argv.txt');
let extension: typeof import('../../src/extension');
let api: SearchR2Api;

const context = {
  subscriptions: [] as { dispose(): void }[],
  extensionPath: '/nonexistent-extension',
  extensionUri: vscode.Uri.file('/nonexistent-extension'),
  globalStorageUri: vscode.Uri.file(path.join(workspace, 'global')),
};

before(async () => {
  extension = await import('../../src/extension');
  api = extension.activate(context as never);
  recorded.workspaceFolder = workspace;
  process.env.FAKE_PYTHON_ARGV = argvFile;
});

after(async () => {
  await extension.deactivate();
  for (const d of context.subscriptions) d.dispose();
});

const messagesSince = (n: number) => recorded.messages.slice(n);
const lastPanel = () => recorded.panels.at(-1);
const posted = () => (lastPanel()?.webview.posted ?? []) as HostToWebview[];
const tick = (ms = 100) => new Promise((r) => setTimeout(r, ms));

test(
  'Start Training is refused in an untrusted workspace, with a way to trust it',
  { timeout: 20_000 },
  async () => {
    recorded.trusted = false;
    const seen = recorded.messages.length;
    await vscode.commands.executeCommand('searchr2.startTraining');
    recorded.trusted = true;
    const [message] = messagesSince(seen);
    assert.match(message?.message ?? '', /Restricted Mode/);
    assert.deepEqual(message?.items, ['Manage Workspace Trust']);
    assert.equal(api.status.state, 'idle');
  },
);

test('a missing Python names the path and what to do, with Open Settings', { timeout: 20_000 }, async () => {
  recorded.config.set('searchr2.pythonPath', '/nowhere/bin/python');
  const seen = recorded.messages.length;
  await vscode.commands.executeCommand('searchr2.startTraining');
  const [message] = messagesSince(seen);
  assert.match(message?.message ?? '', /\/nowhere\/bin\/python/);
  assert.match(message?.message ?? '', /npm run setup/);
  assert.match(message?.message ?? '', /pip install \.\/trainer/);
  assert.ok(message?.items.includes('Open Settings'));
});

test(
  'Start Training runs the trainer, opens the inspector, and the API shows the rollouts',
  { timeout: 20_000 },
  async () => {
    recorded.config.set('searchr2.pythonPath', fakePython);
    recorded.config.set('searchr2.maxSteps', 3);
    recorded.config.set('searchr2.extraTrainerArgs', ['--seed=7', 'two words']);
    recorded.config.set('searchr2.runsFolder', 'experiments/runs');
    await vscode.commands.executeCommand('searchr2.startTraining');
    recorded.config.delete('searchr2.extraTrainerArgs');
    recorded.config.delete('searchr2.runsFolder');
    assert.equal(api.status.state, 'running');
    assert.equal(recorded.context.get('searchr2.running'), true);
    assert.ok(api.trainerPid !== undefined);

    const argv = readFileSync(argvFile, 'utf8').trim().split('\n');
    assert.deepEqual(argv.slice(0, 4), ['-m', 'searchr2', 'train', '--preset=demo']);
    assert.ok(argv.includes('--max-steps=3'));
    assert.deepEqual(argv.slice(-2), ['--seed=7', 'two words']);
    const runDir = argv.find((a) => a.startsWith('--run-dir='))?.slice('--run-dir='.length) ?? '';
    assert.ok(runDir.startsWith(path.join(workspace, 'experiments', 'runs')), runDir);

    const panel = lastPanel();
    assert.equal(panel?.viewType, 'searchr2.inspector');
    assert.match(panel?.webview.html ?? '', /Content-Security-Policy/);
    assert.equal(posted().length, 0, 'nothing is posted before the view says ready');

    await tick();
    panel?.webview.fromView.fire({ type: 'ready' });
    const init = posted()[0];
    assert.equal(init?.type, 'init');
    assert.deepEqual(init?.type === 'init' ? init.rollouts.map((r) => r.id) : [], ['s1-a', 's1-b']);
    assert.deepEqual(
      api.rollouts.map((r) => r.id),
      ['s1-a', 's1-b'],
    );

    const bar = recorded.statusBarItems[0];
    assert.equal(
      bar?.text,
      '$(beaker) Search-R2: running · step 1/3 · reward 0.63',
      'SFT rewards do not count',
    );
    assert.equal(bar?.command, 'searchr2.openInspector');
    const tooltip = bar?.tooltip as vscode.MarkdownString;
    assert.deepEqual(tooltip.isTrusted, {
      enabledCommands: ['searchr2.openInspector', 'searchr2.stopTraining'],
    });
    assert.match(tooltip.value, /\[Stop\]\(command:searchr2\.stopTraining\)/);
    const shownDir = api.status.runDir ?? '?'; // the trainer's run_started names it
    assert.ok(
      tooltip.textParts.some((t) => t.includes(shownDir)),
      'the run folder is shown as escaped text',
    );
    assert.ok(!tooltip.markdownParts.some((t) => t.includes(shownDir)), 'never as markdown');
  },
);

test(
  'a hidden inspector gets nothing; shown again, it gets a fresh init after ready',
  { timeout: 20_000 },
  async () => {
    const panel = lastPanel();
    panel?.setVisible(false);
    const before = posted().length;
    await vscode.commands.executeCommand('searchr2.openInspector');
    assert.equal(panel?.visible, true, 'Open Inspector reveals the existing panel');
    await tick();
    assert.equal(posted().length, before);
    panel?.webview.fromView.fire({ type: 'ready' });
    assert.equal(posted().at(-1)?.type, 'init');
  },
);

test('a panel restored after reload gets init with the same rollouts', { timeout: 20_000 }, async () => {
  const restored = await vscode.restorePanel('searchr2.inspector');
  restored.webview.fromView.fire({ type: 'ready' });
  const init = restored.webview.posted[0] as HostToWebview;
  assert.equal(init.type, 'init');
  assert.equal(init.type === 'init' ? init.rollouts.length : 0, 2);
});

test('messages from the view that are not WebviewToHost are ignored', { timeout: 20_000 }, () => {
  const before = recorded.executed.length;
  lastPanel()?.webview.fromView.fire({ type: 'runCommand', command: 'workbench.action.quit' });
  assert.equal(recorded.executed.length, before);
});

test(
  'Pause, Resume and Save Checkpoint reach the trainer and switch which commands are enabled',
  { timeout: 20_000 },
  async () => {
    assert.equal(recorded.context.get('searchr2.canPause'), true);
    assert.equal(recorded.context.get('searchr2.canResume'), false);
    await vscode.commands.executeCommand('searchr2.pauseTraining');
    assert.equal(api.status.state, 'paused');
    assert.equal(recorded.context.get('searchr2.canPause'), false);
    assert.equal(recorded.context.get('searchr2.canResume'), true);
    assert.match(recorded.statusBarItems[0]?.text ?? '', /paused/);

    const seen = recorded.messages.length;
    await vscode.commands.executeCommand('searchr2.saveCheckpoint');
    const progress = recorded.progress.at(-1);
    assert.equal(progress?.location, vscode.ProgressLocation.Notification);
    assert.match(progress?.title ?? '', /saving a checkpoint/);
    assert.match(messagesSince(seen)[0]?.message ?? '', /checkpoint saved at step 1: .*step-1/);

    await vscode.commands.executeCommand('searchr2.resumeTraining');
    assert.equal(api.status.state, 'running');
    assert.equal(recorded.context.get('searchr2.canResume'), false);
  },
);

test('Show Trainer Log reveals the log channel', () => {
  const before = recorded.logShown;
  void vscode.commands.executeCommand('searchr2.showTrainerLog');
  assert.equal(recorded.logShown, before + 1);
});

test('Stop Training stops the run and clears the running context', { timeout: 20_000 }, async () => {
  await vscode.commands.executeCommand('searchr2.stopTraining');
  assert.equal(api.status.state, 'stopped');
  assert.equal(recorded.context.get('searchr2.running'), false);
  assert.equal(recorded.context.get('searchr2.canSaveCheckpoint'), false);
  assert.equal(api.trainerPid, undefined);
  const seen = recorded.messages.length;
  await vscode.commands.executeCommand('searchr2.pauseTraining');
  assert.match(messagesSince(seen)[0]?.message ?? '', /no training run is active/);
  assert.match(recorded.statusBarItems[0]?.text ?? '', /stopped/);
  assert.ok(posted().some((m) => m.type === 'status' && m.status.state === 'stopped'));
});

test('Start Training refuses extra arguments that would redirect the run', { timeout: 20_000 }, async () => {
  recorded.config.set('searchr2.extraTrainerArgs', ['--run-dir=/tmp/elsewhere']);
  const seen = recorded.messages.length;
  const started = await vscode.commands.executeCommand('searchr2.startTraining');
  recorded.config.delete('searchr2.extraTrainerArgs');
  assert.equal(started, false);
  assert.match(
    messagesSince(seen)[0]?.message ?? '',
    /could not prepare the run: .*--run-dir=\/tmp\/elsewhere/,
  );
  assert.equal(api.status.state, 'stopped', 'no run was started');
});

test(
  'with run config files, Start Training offers the presets and each file',
  { timeout: 20_000 },
  async () => {
    recorded.configFiles = [
      path.join(workspace, 'b.searchr2.json'),
      path.join(workspace, 'searchr2.config.json'),
    ];
    recorded.quickPickAnswer = undefined; // the user dismisses the picker
    const started = await vscode.commands.executeCommand('searchr2.startTraining');
    recorded.configFiles = [];
    assert.equal(started, false);
    assert.deepEqual(recorded.quickPicks.at(-1), ['demo', 'b.searchr2.json', 'searchr2.config.json']);
    assert.equal(api.status.state, 'stopped', 'no run was started');
  },
);

test('an invalid run config file is named with its key path, with Open File, and not launched', async () => {
  const file = path.join(workspace, 'bad.searchr2.json');
  writeFileSync(file, '{"grpo": {"clip_eps": 2}}');
  recorded.configFiles = [file];
  recorded.quickPickAnswer = 'bad.searchr2.json';
  const seen = recorded.messages.length;
  const started = await vscode.commands.executeCommand('searchr2.startTraining');
  recorded.configFiles = [];
  recorded.quickPickAnswer = undefined;
  assert.equal(started, false);
  const message = messagesSince(seen).find((m) => m.severity === 'error');
  assert.match(
    message?.message ?? '',
    /bad\.searchr2\.json is not a valid run config: 'grpo\.clip_eps' must be <= 1/,
  );
  assert.deepEqual(message?.items, ['Open File']);
  assert.equal(api.status.state, 'stopped', 'no run was started');
});

test(
  'a valid run config file reaches the trainer as --config=<absolute path>',
  { timeout: 20_000 },
  async () => {
    const file = path.join(workspace, 'searchr2.config.json');
    writeFileSync(file, '{"grpo": {"lr": 0.0001}}');
    recorded.configFiles = [file];
    recorded.quickPickAnswer = 'searchr2.config.json';
    const started = await vscode.commands.executeCommand('searchr2.startTraining');
    recorded.configFiles = [];
    recorded.quickPickAnswer = undefined;
    assert.equal(started, true);
    const argv = readFileSync(argvFile, 'utf8').trim().split('\n');
    assert.deepEqual(argv.slice(3, 5), ['--preset=demo', `--config=${file}`]);
    await vscode.commands.executeCommand('searchr2.stopTraining');
    assert.equal(api.status.state, 'stopped');
  },
);

test(
  'a trainer that exits at start reports its last stderr lines with Show Log',
  { timeout: 20_000 },
  async () => {
    process.env.FAKE_TRAINER_MODE = 'exitAtStart';
    const seen = recorded.messages.length;
    await vscode.commands.executeCommand('searchr2.startTraining');
    delete process.env.FAKE_TRAINER_MODE;
    const message = messagesSince(seen).find((m) => m.severity === 'error');
    assert.match(message?.message ?? '', /did not start/);
    assert.match(message?.message ?? '', /No module named 'torch'/);
    assert.deepEqual(message?.items, ['Show Log']);
    assert.equal(api.status.state, 'crashed');
  },
);

test('a crash mid-run is shown as crashed with the stderr tail', { timeout: 20_000 }, async () => {
  process.env.FAKE_TRAINER_MODE = 'crashMidRun';
  const seen = recorded.messages.length;
  await vscode.commands.executeCommand('searchr2.startTraining');
  delete process.env.FAKE_TRAINER_MODE;
  await tick(300);
  const message = messagesSince(seen).find((m) => m.severity === 'error');
  assert.match(message?.message ?? '', /crashed/);
  assert.match(message?.message ?? '', /CUDA out of memory/);
  assert.equal(api.status.state, 'crashed');
  assert.equal(recorded.statusBarItems[0]?.backgroundColor?.id, 'statusBarItem.errorBackground');
});

test('a malformed line warns once and the run goes on', { timeout: 20_000 }, async () => {
  process.env.FAKE_TRAINER_MODE = 'malformed';
  const seen = recorded.messages.length;
  await vscode.commands.executeCommand('searchr2.startTraining');
  delete process.env.FAKE_TRAINER_MODE;
  await tick();
  const warnings = messagesSince(seen).filter((m) => m.severity === 'warning');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]?.message ?? '', /not a searchr2\/1 event/);
  assert.equal(api.status.state, 'running');
});

test('Stop Training while the trainer is still starting cancels quietly', { timeout: 20_000 }, async () => {
  await vscode.commands.executeCommand('searchr2.stopTraining'); // the previous test's run
  process.env.FAKE_TRAINER_MODE = 'slowStart';
  const seen = recorded.messages.length;
  const panelsBefore = recorded.panels.length;
  const starting = vscode.commands.executeCommand('searchr2.startTraining');
  await tick(150);
  assert.equal(api.status.state, 'starting');
  assert.equal(recorded.context.get('searchr2.running'), true, 'Stop is enabled while starting');
  await vscode.commands.executeCommand('searchr2.stopTraining');
  await starting;
  delete process.env.FAKE_TRAINER_MODE;
  assert.equal(api.status.state, 'stopped');
  assert.equal(
    recorded.panels.length,
    panelsBefore,
    'no inspector is opened for a run that was stopped while starting',
  );
  assert.deepEqual(
    messagesSince(seen).filter((m) => m.severity === 'error'),
    [],
  );
});

test('deactivate stops the running trainer', { timeout: 20_000 }, async () => {
  await vscode.commands.executeCommand('searchr2.startTraining');
  const pid = api.trainerPid;
  assert.ok(pid !== undefined);
  await extension.deactivate();
  assert.throws(() => process.kill(pid, 0));
});

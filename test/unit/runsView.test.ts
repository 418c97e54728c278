// The Runs view and Open Run… wired together against the mocked `vscode` module: real run folders
// on disk, and the fake trainer for the live run.
import './mocks/installVscodeMock';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SearchR2Api } from '../../src/api';
import type { HostToWebview } from '../../src/protocol/webviewMessages';
import * as vscode from './mocks/vscode';

const { recorded } = vscode;
const workspace = mkdtempSync(path.join(tmpdir(), 'searchr2-runsview-'));
const runs = path.join(workspace, '.searchr2', 'runs');
const pastDir = path.join(runs, '20261120-100000-demo');
let extension: typeof import('../../src/extension');
let api: SearchR2Api;

const context = {
  subscriptions: [] as { dispose(): void }[],
  extensionPath: '/nonexistent-extension',
  extensionUri: vscode.Uri.file('/nonexistent-extension'),
  globalStorageUri: vscode.Uri.file(path.join(workspace, 'global')),
};

const rollout = (id: string, step: number) =>
  JSON.stringify({
    id,
    step,
    group_id: 'g',
    question_id: 'q',
    question: 'q?',
    golden_answers: ['a'],
    turns: [],
    answer: 'a',
    em: 1,
    reward: 1,
    n_searches: 0,
  });

before(async () => {
  mkdirSync(path.join(pastDir, 'checkpoints', 'step-2'), { recursive: true });
  writeFileSync(
    path.join(pastDir, 'rollouts.jsonl'),
    [rollout('old-a', 1), '{"cut', rollout('old-b', 2)].join('\n'),
  );
  writeFileSync(path.join(pastDir, 'metrics.jsonl'), '{"step":2,"phase":"train","reward_mean":0.5}\n');
  recorded.workspaceFolder = workspace;
  recorded.config.set(
    'searchr2.pythonPath',
    fileURLToPath(new URL('fixtures/fakePython.sh', import.meta.url)),
  );
  extension = await import('../../src/extension');
  api = extension.activate(context as never);
});

after(async () => {
  await extension.deactivate();
  for (const d of context.subscriptions) d.dispose();
});

const runsView = () => {
  const provider = recorded.treeViews.get('searchr2.runs');
  assert.ok(provider, 'the Runs view is registered');
  return provider;
};
const items = async () => {
  const provider = runsView();
  return (await provider.getChildren()).map((node) => ({ node, item: provider.getTreeItem(node) }));
};
const tick = (ms = 100) => new Promise((r) => setTimeout(r, ms));
/** The view re-reads the disk after a short delay; wait for it rather than guess how long. */
async function firstItemOnceItIs(label: string, timeoutMs = 5_000) {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    const list = await items();
    if (list[0]?.item.label === label) return list;
    await tick();
  }
  return items();
}

test('the Runs view lists a past run with its last step, final reward and checkpoints', async () => {
  const [first] = await items();
  assert.equal(first?.item.label, '20261120-100000-demo');
  assert.equal(first?.item.description, 'step 2 · reward 0.50');
  assert.equal(first?.item.contextValue, 'searchr2.run.past');
  assert.equal(first?.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
  const children = await runsView().getChildren(first?.node);
  assert.deepEqual(
    children.map((c) => runsView().getTreeItem(c).label),
    ['checkpoints/step-2'],
  );
});

test('clicking a past run opens it read-only in the inspector; the bad line is reported once', async () => {
  const [first] = await items();
  const seen = recorded.messages.length;
  const click = first?.item.command;
  await vscode.commands.executeCommand(click?.command ?? '', ...(click?.arguments ?? []));
  assert.deepEqual(
    api.rollouts.map((r) => r.id),
    ['old-a', 'old-b'],
  );
  assert.equal(api.status.readOnly, true);
  assert.match(api.status.message ?? '', /2 rollouts, 1 malformed line/);
  const warnings = recorded.messages.slice(seen).filter((m) => m.severity === 'warning');
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0]?.message ?? '',
    /1 malformed line\(s\) in rollouts\.jsonl were skipped \(first at line 2/,
  );
  const panel = recorded.panels.at(-1);
  panel?.webview.fromView.fire({ type: 'ready' });
  const init = panel?.webview.posted.at(-1) as HostToWebview;
  assert.equal(init.type === 'init' ? init.rollouts.length : -1, 2);
  assert.deepEqual(init.type === 'init' ? init.metrics : undefined, [
    { step: 2, phase: 'train', metrics: { reward_mean: 0.5 } },
  ]);
});

test('Open Run… on a folder without rollouts.jsonl says it is not a run; cancelling does nothing', async () => {
  const seen = recorded.messages.length;
  recorded.openDialogAnswer = [vscode.Uri.file(workspace)];
  assert.equal(await vscode.commands.executeCommand('searchr2.openRun'), false);
  assert.match(recorded.messages[seen]?.message ?? '', /is not a run folder: it has no rollouts\.jsonl/);
  recorded.openDialogAnswer = undefined;
  assert.equal(await vscode.commands.executeCommand('searchr2.openRun'), false);
  assert.equal(recorded.messages.length, seen + 1);
  assert.equal(api.status.runDir, pastDir, 'the opened run stays shown');
});

test('a live run comes first in the view, and the inspector follows it', { timeout: 20_000 }, async () => {
  const panel = recorded.panels.at(-1);
  await vscode.commands.executeCommand('searchr2.startTraining');
  assert.equal(api.status.readOnly, undefined);
  await tick(); // the rollouts follow run_started
  assert.deepEqual(
    api.rollouts.map((r) => r.id),
    ['s1-a', 's1-b'],
  );
  // The view is told to start over with the live run, then gets its rollouts as they come.
  const posted = (panel?.webview.posted ?? []) as HostToWebview[];
  const lastInit = posted.map((m) => m.type).lastIndexOf('init');
  const init = posted[lastInit];
  assert.equal(init?.type === 'init' ? init.status.readOnly : 'no init', undefined);
  const streamed = posted
    .slice(lastInit)
    .flatMap((m) => (m.type === 'rollouts' || m.type === 'init' ? m.rollouts : []));
  assert.deepEqual(
    streamed.map((r) => r.id),
    ['s1-a', 's1-b'],
  );

  const liveLabel = path.basename(api.status.runDir ?? '');
  const [live, past] = await firstItemOnceItIs(liveLabel);
  assert.equal(live?.item.contextValue, 'searchr2.run.live');
  assert.match(String(live?.item.description), /^running · step 1\/\d+ · reward 0\.63$/);
  assert.equal(past?.item.label, '20261120-100000-demo');

  // Looking at the past run while training goes on, then back at the live one.
  const click = async (item: vscode.TreeItem | undefined) =>
    vscode.commands.executeCommand(item?.command?.command ?? '', ...(item?.command?.arguments ?? []));
  await click(past?.item);
  assert.equal(api.status.readOnly, true);
  assert.equal(
    (await items())[0]?.item.contextValue,
    'searchr2.run.live',
    'the live run is still listed first',
  );
  await click(live?.item);
  assert.equal(api.status.readOnly, undefined);
  await click(past?.item);
  assert.equal(api.status.readOnly, true);
  await vscode.commands.executeCommand('searchr2.openRun', live?.item.resourceUri);
  assert.equal(api.status.readOnly, undefined, 'opening the live run folder follows the live run');
  assert.deepEqual(
    api.rollouts.map((r) => r.id),
    ['s1-a', 's1-b'],
  );
  await vscode.commands.executeCommand('searchr2.stopTraining');
});

test('a new run folder on disk shows up after the watcher reports it', async () => {
  await tick(800); // let the reload that the stop caused pass, so only the watcher can show the folder
  await items();
  mkdirSync(path.join(runs, '20991231-235959-demo'));
  for (const watcher of recorded.watchers) watcher.created.fire(vscode.Uri.file(runs));
  const [first] = await firstItemOnceItIs('20991231-235959-demo');
  assert.equal(first?.item.label, '20991231-235959-demo');
  assert.equal(first?.item.description, 'empty');
  assert.equal(first?.item.command, undefined, 'an empty run has nothing to open');
});

// The Runs view (activity bar "Search-R2") and the commands on its items, plus Open Run….
import * as vscode from 'vscode';
import type { ShowableLogger } from '../core/logger';
import type { InspectedRun } from '../panel/inspectedRun';
import type { RunModel } from '../trainer/runModel';
import { configuredRunsRoot } from '../trainer/runsFolder';
import { RunOpener } from './openRun';
import type { RunNode, RunsTreeNode } from './runsTreeModel';
import { RunsTreeProvider } from './runsTreeProvider';

export function activateRuns(
  context: vscode.ExtensionContext,
  live: RunModel,
  inspected: InspectedRun,
  logger: ShowableLogger,
): void {
  const runsRoot = (): string => configuredRunsRoot(context);
  const provider = new RunsTreeProvider(runsRoot, live);
  const opener = new RunOpener(inspected, logger, runsRoot);

  const openInInspector = async (node: unknown): Promise<void> => {
    if (!isRunNode(node)) return;
    if (node.role !== 'live') {
      await opener.open(node.path);
      return;
    }
    inspected.showLive();
    await vscode.commands.executeCommand('searchr2.openInspector');
  };
  const reveal = (how: 'revealFileInOS' | 'revealInExplorer') => (node: unknown) =>
    isTreeNode(node) ? vscode.commands.executeCommand(how, vscode.Uri.file(node.path)) : undefined;

  context.subscriptions.push(
    provider,
    vscode.window.createTreeView('searchr2.runs', { treeDataProvider: provider }),
    vscode.commands.registerCommand('searchr2.openRun', (uri?: unknown) =>
      uri instanceof vscode.Uri ? opener.open(uri.fsPath) : opener.pickAndOpen(),
    ),
    vscode.commands.registerCommand('searchr2.openRunInInspector', openInInspector),
    vscode.commands.registerCommand('searchr2.revealRunInOS', reveal('revealFileInOS')),
    vscode.commands.registerCommand('searchr2.revealRunInExplorer', reveal('revealInExplorer')),
    vscode.commands.registerCommand('searchr2.refreshRuns', () => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('searchr2.runsFolder')) provider.refresh();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => provider.refresh()),
  );
}

/** Tree commands can also be run from a keybinding or another extension, with any argument. */
function isTreeNode(value: unknown): value is RunsTreeNode {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, path } = value as { kind?: unknown; path?: unknown };
  return (kind === 'run' || kind === 'checkpoint') && typeof path === 'string';
}

function isRunNode(value: unknown): value is RunNode {
  return isTreeNode(value) && value.kind === 'run';
}

// Start Training's choice of what to run: a preset, or a run config file from the workspace.
// With no config file in the workspace it asks nothing, so starting stays one click (and the
// integration tests, whose demo workspace has none, see no picker).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkRunConfigFile } from './runConfigValidate';

export const RUN_CONFIG_GLOB = '**/{searchr2.config.json,*.searchr2.json}';

export interface RunChoice {
  preset: string;
  /** Absolute path of a config file that passed the schema check. */
  configFile?: string;
}

interface ChoiceItem extends vscode.QuickPickItem {
  choice: RunChoice;
  uri?: vscode.Uri;
}

/** Undefined when the user cancelled the picker or the chosen file is invalid (already reported). */
export async function pickRunChoice(preset: string): Promise<RunChoice | undefined> {
  const files = await vscode.workspace.findFiles(RUN_CONFIG_GLOB, '**/node_modules/**', 50);
  if (files.length === 0) return { preset };
  const presets = [...new Set(['demo', preset])];
  const items: ChoiceItem[] = [
    ...presets.map((name) => ({ label: name, description: 'preset', choice: { preset: name } })),
    ...files
      .map((uri) => ({
        label: vscode.workspace.asRelativePath(uri),
        description: `config file over the ${preset} preset`,
        choice: { preset, configFile: uri.fsPath },
        uri,
      }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Search-R2: Start Training',
    placeHolder: 'Train with a preset, or with a run config file',
  });
  if (picked === undefined) return undefined;
  if (picked.uri === undefined || picked.choice.configFile === undefined) return picked.choice;
  // Checked before launch: a typo is named here with its key path, not found by a crashed trainer.
  const check = await checkRunConfigFile(picked.choice.configFile);
  if (check.ok) return picked.choice;
  const uri = picked.uri;
  void vscode.window
    .showErrorMessage(
      `Search-R2: ${path.basename(uri.fsPath)} is not a valid run config: ` +
        `'${check.problem.keyPath}' ${check.problem.message}. Training was not started.`,
      'Open File',
    )
    .then(async (choice) => {
      if (choice === 'Open File') await vscode.window.showTextDocument(uri);
    });
  return undefined;
}

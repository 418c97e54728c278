// Where this window's runs live, from the `searchr2.runsFolder` setting. Shared by Start Training
// (where a new run goes) and the Runs view (what it lists), so both always agree.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { DEFAULT_RUNS_FOLDER, runsRoot } from './runDirectory';

export function configuredRunsRoot(context: vscode.ExtensionContext): string {
  const setting = vscode.workspace.getConfiguration('searchr2').get<string>('runsFolder', DEFAULT_RUNS_FOLDER);
  return runsRoot(
    vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    context.globalStorageUri.fsPath,
    typeof setting === 'string' ? setting : DEFAULT_RUNS_FOLDER,
    os.homedir(),
  );
}

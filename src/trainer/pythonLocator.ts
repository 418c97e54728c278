// Finds the trainer's Python and, when it is unusable, tells the user exactly what to do.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { ShowableLogger } from '../core/logger';
import { checkPython, type PythonCheck } from './pythonCheck';
import { resolvePythonPath } from './pythonPath';

const FIX =
  'Run `npm run setup` in the extension folder, or set searchr2.pythonPath to a Python with the ' +
  'trainer installed (pip install ./trainer).';

export async function locatePython(context: vscode.ExtensionContext, logger: ShowableLogger): Promise<string | undefined> {
  const setting = vscode.workspace.getConfiguration('searchr2').get<string>('pythonPath', '');
  const python = resolvePythonPath(setting, {
    extensionPath: context.extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    homeDir: os.homedir(),
    platform: process.platform,
  });
  // A bare command name (e.g. `python3`) is found on PATH at spawn; only check what names a file.
  const check: PythonCheck =
    python.includes('/') || python.includes('\\') ? await checkPython(python) : await checkOnPath(python);
  if (check.ok) return python;

  const where = setting.trim() === '' ? 'the default' : 'searchr2.pythonPath';
  const problem = {
    missing: `there is no Python at ${python} (${where})`,
    'cannot-run': `the Python at ${python} (${where}) could not be run`,
    'no-trainer': `the Python at ${python} (${where}) cannot import the trainer package searchr2`,
  }[check.problem];
  logger.error(`Python check failed for ${python}: ${check.detail}`);
  // Not awaited: the notification's promise settles only when the user acts, and Start must return.
  void vscode.window
    .showErrorMessage(`Search-R2: ${problem}. ${FIX}`, 'Open Settings', 'Show Log')
    .then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'searchr2.pythonPath');
      } else if (choice === 'Show Log') {
        logger.show();
      }
    });
  return undefined;
}

/** For a bare name there is no file to stat; running it is the check. */
function checkOnPath(name: string): Promise<PythonCheck> {
  return checkPython(name, { skipFileCheck: true });
}

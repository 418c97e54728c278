// Pause, Resume, Save Checkpoint and Show Trainer Log. Their `enablement` follows the context keys
// of runContextKeys.ts; the checks here cover callers that bypass it (executeCommand, keybindings).
import * as vscode from 'vscode';
import { describeError, type ShowableLogger } from '../core/logger';
import { PauseWithdrawn, type RunControl } from '../trainer/runControl';
import { showErrorWithLog } from '../trainer/userMessages';

export function registerRunControlCommands(
  context: vscode.ExtensionContext,
  control: () => RunControl | undefined,
  logger: ShowableLogger,
): void {
  const withRun = (title: string, act: (run: RunControl) => PromiseLike<void>) => async (): Promise<void> => {
    const run = control();
    if (run === undefined) {
      void vscode.window.showInformationMessage(
        `Search-R2: no training run is active to ${title.toLowerCase()}.`,
      );
      return;
    }
    try {
      await act(run);
    } catch (err) {
      logger.warn(`${title}: ${describeError(err)}`);
      void showErrorWithLog(logger, `Search-R2: ${title} failed: ${describeError(err)}`);
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      'searchr2.pauseTraining',
      withRun('Pause', (run) =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'Search-R2: pausing after the current step' },
          () => run.pause().catch((err: unknown) => ignoreWithdrawn(err)),
        ),
      ),
    ),
    vscode.commands.registerCommand(
      'searchr2.resumeTraining',
      withRun('Resume', (run) => run.resume()),
    ),
    vscode.commands.registerCommand(
      'searchr2.saveCheckpoint',
      withRun('Save Checkpoint', async (run) => {
        const saved = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Search-R2: saving a checkpoint…' },
          () => run.saveCheckpoint(),
        );
        void vscode.window.showInformationMessage(
          `Search-R2: checkpoint saved at step ${saved.step}: ${saved.path}`,
        );
      }),
    ),
    vscode.commands.registerCommand('searchr2.showTrainerLog', () => logger.show()),
  );
}

/** Resume while a pause still waited for its step to end withdraws the pause: not a failure. */
function ignoreWithdrawn(err: unknown): void {
  if (err instanceof PauseWithdrawn) return;
  throw err;
}

// The palette commands that start and stop a run. Their `enablement` (package.json) follows the
// `searchr2.running` context key that TrainingController keeps up to date.
import * as vscode from 'vscode';
import { describeError, type ShowableLogger } from '../core/logger';
import type { TrainingController } from '../trainer/trainingController';

export function registerTrainingCommands(
  context: vscode.ExtensionContext,
  controller: TrainingController,
  logger: ShowableLogger,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('searchr2.startTraining', () =>
      guarded(logger, 'Start Training', () => controller.start()),
    ),
    vscode.commands.registerCommand('searchr2.stopTraining', () =>
      guarded(logger, 'Stop Training', () => controller.stop()),
    ),
  );
}

/** A bug in a command must surface as a message, never as an unhandled rejection in the host. */
async function guarded<T>(
  logger: ShowableLogger,
  title: string,
  run: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    logger.error(`${title} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void vscode.window.showErrorMessage(`Search-R2: ${title} failed: ${describeError(err)}`);
    return undefined;
  }
}

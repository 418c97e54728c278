// Notifications about a run's trouble. Each says what happened and offers the log, where the
// full details are.
import * as vscode from 'vscode';
import type { ShowableLogger } from '../core/logger';

/** The last few stderr lines are usually the traceback's punchline. */
export function tailForMessage(stderrTail: readonly string[], lines = 3): string {
  const tail = stderrTail.filter((l) => l.trim().length > 0).slice(-lines);
  return tail.length === 0 ? '' : ` Last output: ${tail.join(' ⏎ ')}`;
}

export async function showErrorWithLog(logger: ShowableLogger, message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Show Log');
  if (choice === 'Show Log') logger.show();
}

export async function showWarningWithLog(logger: ShowableLogger, message: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, 'Show Log');
  if (choice === 'Show Log') logger.show();
}

// Notifications about a run's trouble. Each says what happened and offers the log, where the
// full details are.
import * as vscode from 'vscode';
import type { ShowableLogger } from '../core/logger';

/** A notification's whole text must stay short: VS Code cuts long ones and may not show them as a toast. */
const MAX_LINE = 200;

/** The last few stderr lines are usually the traceback's punchline; each is cut to a readable length. */
export function tailForMessage(stderrTail: readonly string[], lines = 3): string {
  const tail = stderrTail
    .filter((l) => l.trim().length > 0)
    .slice(-lines)
    .map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE - 1)}\u2026` : l));
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

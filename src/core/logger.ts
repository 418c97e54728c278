// The logging surface the vscode-free modules use. In the editor it is backed by a
// LogOutputChannel (see outputChannelLogger.ts); in unit tests by a recording fake.
export interface Logger {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** Errors also bring the log into view, so the user sees the details behind a notification. */
  error(message: string | Error): void;
}

/** The editor's logger can also be brought into view (a "Show Log" button). */
export interface ShowableLogger extends Logger {
  show(): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

// Turns a trainer's stdout and stderr byte streams into lines: stdout carries protocol events,
// stderr the human-readable log whose tail explains a crash.
import { LineFramer } from '../core/lineFramer';
import type { SupervisedProcess } from '../core/processGroup';

export interface TrainerOutputHandlers {
  /** One stdout line, without its line ending. */
  onProtocolLine(line: string): void;
  /** A stdout line too long to be an event; it was dropped. */
  onOversizedLine(prefix: string, error: string): void;
  onStderrLine(line: string): void;
  /** A write to stdin failed (the trainer exited); reported, never thrown into the host. */
  onStdinError(error: Error): void;
}

const STDERR_MAX_LINE = 64 * 1024;

export function attachTrainerOutput(
  proc: SupervisedProcess,
  maxLineLength: number,
  handlers: TrainerOutputHandlers,
): void {
  const stdout = new LineFramer({
    maxLineLength,
    onLine: (line) => handlers.onProtocolLine(line),
    onError: (err) => handlers.onOversizedLine(err.prefix, err.message),
  });
  const stderr = new LineFramer({
    maxLineLength: STDERR_MAX_LINE,
    onLine: (line) => handlers.onStderrLine(line),
    onError: (err) => handlers.onStderrLine(`${err.prefix}… (line too long, cut)`),
  });
  proc.child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  proc.child.stdout.on('end', () => stdout.end());
  proc.child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  proc.child.stderr.on('end', () => stderr.end());
  proc.child.stdin.on('error', (err) => handlers.onStdinError(err));
}

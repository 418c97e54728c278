// Commands sent to the trainer wait here for the `ack` or `error` that carries their id.
import type { AckEvent, CommandName, ErrorEvent } from '../protocol/generated';

export class CommandError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

interface Pending {
  command: CommandName;
  resolve: (ack: AckEvent) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class PendingCommands {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs: number) {}

  /** Reserves the next id (`c1`, `c2`, …) and a promise settled by the trainer's answer. */
  create(command: CommandName): { id: string; answered: Promise<AckEvent> } {
    const id = `c${this.nextId++}`;
    const answered = new Promise<AckEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CommandError(`the trainer did not answer '${command}' (${id}) within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { command, resolve, reject, timer });
    });
    return { id, answered };
  }

  /** Returns false when no command waits for this answer (a late or foreign id). */
  settle(event: AckEvent | ErrorEvent): boolean {
    if (event.id === undefined) return false;
    const entry = this.pending.get(event.id);
    if (entry === undefined) return false;
    this.pending.delete(event.id);
    clearTimeout(entry.timer);
    if (event.type === 'ack') entry.resolve(event);
    else entry.reject(new CommandError(`the trainer refused '${entry.command}': ${event.message}`, event.hint));
    return true;
  }

  rejectAll(reason: string): void {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new CommandError(`'${entry.command}' (${id}) was not answered: ${reason}`));
    }
    this.pending.clear();
  }
}

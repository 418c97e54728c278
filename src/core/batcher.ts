// Collects items and hands them over in one batch per interval, so a trainer streaming thousands of
// rollouts a second costs the webview a few messages, not thousands.
import type { IDisposable } from './disposable';

export class Batcher<T> implements IDisposable {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly deliver: (items: T[]) => void,
  ) {}

  add(items: readonly T[]): void {
    if (items.length === 0) return;
    this.items.push(...items);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Delivers what is waiting now, e.g. before a message that must not overtake it. */
  flush(): void {
    this.cancelTimer();
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.deliver(batch);
  }

  /** Drops what is waiting (the receiver will get the full state another way). */
  clear(): void {
    this.cancelTimer();
    this.items = [];
  }

  dispose(): void {
    this.clear();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

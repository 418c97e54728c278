// A tiny typed event emitter, so vscode-free modules (the trainer session, the run model) can
// offer the same `onDidX(listener) -> disposable` shape as VS Code's EventEmitter.
import type { IDisposable } from './disposable';

export type Listener<T> = (value: T) => void;
export type Event<T> = (listener: Listener<T>) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<Listener<T>>();

  readonly event: Event<T> = (listener) => {
    // Wrap so that subscribing the same function twice yields two independent subscriptions.
    const entry: Listener<T> = (value) => listener(value);
    this.listeners.add(entry);
    return { dispose: () => this.listeners.delete(entry) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        // A throwing listener must not starve the others or the caller (often a stream handler).
        console.error('searchr2: event listener failed', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

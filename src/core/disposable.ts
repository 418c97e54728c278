// Ownership of listeners, processes, timers and panels: whoever creates one registers it with
// its owner, and disposing the owner disposes everything it holds, once.

export interface IDisposable {
  dispose(): void;
}

export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}

export abstract class Disposable implements IDisposable {
  private readonly _disposables: IDisposable[] = [];
  private _isDisposed = false;

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Takes ownership of `d`; when this object is already disposed, `d` is disposed at once. */
  protected _register<T extends IDisposable>(d: T): T {
    if (this._isDisposed) {
      d.dispose();
    } else {
      this._disposables.push(d);
    }
    return d;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    // Last registered first, so later pieces that depend on earlier ones go away first.
    for (const d of this._disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // One failing cleanup must not keep the others from running.
      }
    }
  }
}

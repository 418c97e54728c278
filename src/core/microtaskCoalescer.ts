// Many calls in one burst (a label saved, then sent, then acked), one run of `fn` after it: the
// calls within a task are folded into a single call at the next microtask.
export function coalesced(fn: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      fn();
    });
  };
}

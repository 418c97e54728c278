// Instruments an inspector page for the benches: long tasks (the browser's own > 50 ms report),
// the gaps between animation frames (what a user feels as a stall), and the wall-clock moment a
// selector first matches. Page-side code is sent as strings: tsx's helpers do not exist in the page.
import type { InspectorPage } from '../test/webview/inspectorPage';

export interface StallFigures {
  /** Longest task the browser reported, ms (0: none over 50 ms). */
  maxLongTaskMs: number;
  longTasks: number;
  /** Longest gap between two animation frames, ms: the worst freeze a user could see. */
  maxFrameGapMs: number;
  p95FrameGapMs: number;
  frames: number;
}

const probeScript = `(() => {
  const bench = (window.__bench = { longTasks: [], frames: [], marks: {}, running: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  let last = performance.now();
  const tick = (now) => {
    bench.frames.push(now - last);
    last = now;
    if (bench.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Starts recording; call `stalls` to read what happened since. */
export async function installProbe(page: InspectorPage): Promise<void> {
  await page.page.evaluate(probeScript);
}

/** Resets the recorded tasks and frames, e.g. right before the phase being measured. */
export async function resetProbe(page: InspectorPage): Promise<void> {
  await page.page.evaluate('window.__bench.longTasks = []; window.__bench.frames = []');
}

/** Records `Date.now()` in the page, under `key`, on the first frame where `selector` matches. */
export async function markWhenShown(page: InspectorPage, selector: string, key: string): Promise<void> {
  await page.page.evaluate(`(() => {
    const poll = () => {
      if (document.querySelector(${JSON.stringify(selector)}) !== null) window.__bench.marks[${JSON.stringify(key)}] = Date.now();
      else requestAnimationFrame(poll);
    };
    poll();
  })()`);
}

/** Waits for a mark set by `markWhenShown` and returns its wall-clock time. */
export async function waitForMark(page: InspectorPage, key: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mark = (await page.page.evaluate(`window.__bench.marks[${JSON.stringify(key)}] ?? null`)) as
      number | null;
    if (mark !== null) return mark;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the page never showed ${key}`);
}

export async function stalls(page: InspectorPage): Promise<StallFigures> {
  const raw = (await page.page.evaluate(
    '({ longTasks: window.__bench.longTasks, frames: window.__bench.frames })',
  )) as {
    longTasks: number[];
    frames: number[];
  };
  const sorted = [...raw.frames].sort((a, b) => a - b);
  return {
    maxLongTaskMs: round(Math.max(0, ...raw.longTasks)),
    longTasks: raw.longTasks.length,
    maxFrameGapMs: round(sorted.at(-1) ?? 0),
    p95FrameGapMs: round(sorted[Math.floor(sorted.length * 0.95)] ?? 0),
    frames: sorted.length,
  };
}

/**
 * Scrolls the list by `stepPx` per frame for `frames` frames and returns the frame times (ms) seen
 * meanwhile: each frame renders the rows the virtual list brings into view. Near the bottom it starts
 * again from the top, so every frame brings in new rows whatever the list's length: without that, a
 * 1,000-row list (24,000 px) reaches its end after 16 frames and the rest measure an idle page, which
 * made a short list look twice as smooth as a long one doing the same work per frame.
 */
export async function scrollFrameTimes(
  page: InspectorPage,
  stepPx: number,
  frames: number,
): Promise<number[]> {
  return (await page.page.evaluate(`new Promise((resolve) => {
    const list = document.querySelector('[data-testid="rollout-list"]');
    const times = [];
    let last = performance.now();
    let left = ${frames};
    const step = (now) => {
      times.push(now - last);
      last = now;
      if (left-- <= 0) return resolve(times.slice(1));
      // Wrap short of the bottom: reaching it would turn follow-tail on, which keeps the list there.
      const next = list.scrollTop + ${stepPx};
      list.scrollTop = next >= list.scrollHeight - list.clientHeight - 24 ? 0 : next;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`)) as number[];
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

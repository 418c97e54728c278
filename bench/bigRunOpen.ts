// Bench (b): Open Run on a 100k-rollout run folder of realistic 3–5 KB rows. Measured through the
// real host code (RunOpener: index, first page, the rest in pages; InspectorPanel's chunked init)
// into the real inspector page: time until the first rows are rendered, against the old way's
// full parse of the file (the least it waited before showing anything), measured in the same
// process (bench/oldFullParse.ts); time until every row is listed; stalls meanwhile; and frame
// times while scrolling the loaded list, against the same scroll over 1,000 rows. Each file timing
// starts with the file dropped from the page cache, as when a run is first opened.
import '../test/unit/mocks/installVscodeMock';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InspectedRun } from '../src/panel/inspectedRun';
import { readRollouts } from '../src/runs/readRollouts';
import { streamedFullParse } from './oldFullParse';
import { RunOpener } from '../src/runs/openRun';
import { indexLines } from '../src/runs/rolloutIndex';
import { trackedRunModel } from '../test/unit/builders';
import { bridgePanel } from '../test/webview/hostBridge';
import type { InspectorPage } from '../test/webview/inspectorPage';
import {
  installProbe,
  markWhenShown,
  percentile,
  resetProbe,
  round,
  scrollFrameTimes,
  stalls,
  waitForMark,
} from './pageProbe';
import { realisticRollout } from './realisticRollouts';
import { traceWork } from './frameTrace';
import type { BenchPages } from './benchPages';
import type { Figure } from './report';

const TARGET_FIRST_ROWS_MS = 1000;
const logger = { trace: () => {}, info: () => {}, warn: () => {}, error: () => {}, show: () => {} };

function writeRun(count: number): { runDir: string; bytes: number } {
  const runDir = mkdtempSync(path.join(tmpdir(), 'searchr2-bench-run-'));
  const file = path.join(runDir, 'rollouts.jsonl');
  const fd = openSync(file, 'w');
  for (let from = 0; from < count; from += 1000) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(count, from + 1000); i++) lines.push(JSON.stringify(realisticRollout(i)));
    writeSync(fd, `${lines.join('\n')}\n`);
  }
  closeSync(fd);
  return { runDir, bytes: statSync(file).size };
}

/**
 * Drops the file from the OS page cache (GNU dd's fadvise DONTNEED; only this file, no root needed),
 * so a figure shows what a user opening a run for the first time waits. False where dd cannot.
 */
function evictFromCache(file: string): boolean {
  return spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']).status === 0;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

async function waitForAll(page: InspectorPage, count: number): Promise<void> {
  const expected = `${count.toLocaleString('en-US')} rollouts`;
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const message = await page.byTestId('run-message').innerText();
    if (
      message.startsWith('Opened read-only') &&
      (await page.byTestId('rollout-count').innerText()) === expected
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the run never finished loading');
}

/** Frame times while scrolling a list of `count` rows already loaded in `page`. */
async function scrollFigures(
  page: InspectorPage,
  label: string,
): Promise<{ p50: number; p95: number; max: number }> {
  await page.list.evaluate((list) => (list.scrollTop = 0));
  let times: number[] = [];
  const scroll = async () => {
    times = await scrollFrameTimes(page, 1500, 180);
  };
  // `npm run bench -- --only=open --trace-scroll`: where each scroll's frames went.
  if (process.argv.includes('--trace-scroll')) await traceWork(page.page, label, scroll);
  else await scroll();
  return {
    p50: round(percentile(times, 0.5)),
    p95: round(percentile(times, 0.95)),
    max: round(Math.max(...times)),
  };
}

async function smallListScroll(pages: BenchPages): Promise<{ p50: number; p95: number; max: number }> {
  const { page, send } = await pages.open();
  const rollouts = Array.from({ length: 1000 }, (_, i) => realisticRollout(i));
  await send({ type: 'init', status: { state: 'stopped' }, rollouts });
  await page.rows.first().waitFor();
  await page.settle();
  const figures = await scrollFigures(page, 'scroll over 1,000 rows');
  await page.close();
  return figures;
}

export async function benchOpen(pages: BenchPages, count: number): Promise<Figure[]> {
  const { runDir, bytes } = writeRun(count);
  const file = path.join(runDir, 'rollouts.jsonl');
  try {
    const cold = evictFromCache(file);
    const index = await timed(() => indexLines(file));
    evictFromCache(file);
    const old = await timed(() => streamedFullParse(file));
    if (old.result.length !== count) throw new Error(`old full parse read ${old.result.length}`);
    old.result.length = 0; // let it go before the next path allocates its own copy
    evictFromCache(file);
    const whole = await timed(() => readRollouts(file));
    if (whole.result.rollouts.length !== count)
      throw new Error(`page reader read ${whole.result.rollouts.length}`);
    whole.result.rollouts.length = 0;

    const { page, send } = await pages.open();
    await installProbe(page);
    const inspected = new InspectedRun(trackedRunModel().model);
    const bridge = bridgePanel(send, inspected);
    await bridge.delivered();
    await markWhenShown(page, '[data-testid="rollout-row"]', 'first');
    await resetProbe(page);
    evictFromCache(file);
    const started = Date.now();
    await new RunOpener(inspected, logger, () => runDir).open(runDir);
    const firstRowsMs = (await waitForMark(page, 'first')) - started;
    await waitForAll(page, count);
    const allMs = Date.now() - started;
    const stall = await stalls(page);
    const bigScroll = await scrollFigures(page, `scroll over ${count} rows`);
    bridge.dispose();
    await page.close();
    const smallScroll = await smallListScroll(pages);

    const cache = cold ? 'cold cache' : 'warm cache';
    const bench = `open ${count.toLocaleString('en-US')}-rollout run (${round(bytes / 2 ** 20, 0)} MiB, ${cache})`;
    const scrollBaseline = (value: number) => ({ label: 'same scroll, 1,000 rows', value });
    return [
      {
        bench,
        figure: 'first rows rendered after',
        value: firstRowsMs,
        unit: 'ms',
        baseline: { label: 'old Open Run: streamed full parse alone', value: round(old.ms, 0) },
        target: { text: `< ${TARGET_FIRST_ROWS_MS} ms`, met: firstRowsMs < TARGET_FIRST_ROWS_MS },
      },
      {
        bench,
        figure: 'line index (byte scan)',
        value: round(index.ms, 0),
        unit: 'ms',
        baseline: { label: 'old full parse', value: round(old.ms, 0) },
      },
      {
        bench,
        figure: 'whole file through index + page reader',
        value: round(whole.ms, 0),
        unit: 'ms',
        baseline: { label: 'old full parse', value: round(old.ms, 0) },
      },
      {
        bench,
        figure: 'index throughput',
        value: round(bytes / 2 ** 20 / (index.ms / 1000), 0),
        unit: 'MiB/s',
      },
      { bench, figure: 'every row listed after', value: round(allMs / 1000, 2), unit: 's' },
      {
        bench,
        figure: 'rows listed per second',
        value: round(count / (allMs / 1000), 0),
        unit: 'rollouts/s',
      },
      { bench, figure: 'longest frame gap while loading', value: stall.maxFrameGapMs, unit: 'ms' },
      {
        bench,
        figure: `longest task while loading (${stall.longTasks} over 50 ms)`,
        value: stall.maxLongTaskMs,
        unit: 'ms',
      },
      {
        bench,
        figure: 'scroll frame time p50',
        value: bigScroll.p50,
        unit: 'ms',
        baseline: scrollBaseline(smallScroll.p50),
      },
      {
        bench,
        figure: 'scroll frame time p95',
        value: bigScroll.p95,
        unit: 'ms',
        baseline: scrollBaseline(smallScroll.p95),
      },
      {
        bench,
        figure: 'scroll frame time max',
        value: bigScroll.max,
        unit: 'ms',
        baseline: scrollBaseline(smallScroll.max),
      },
    ];
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/scrollProfile.ts [--rows=N] [--trace=FILE]`: not a bench but the tool behind
// one. Loads N realistic rollouts into an inspector page, scrolls it as the open bench does, and
// prints where the scroll's frames spend their time (Chrome DevTools tracing, summed by event), so a
// regression in the scroll figures can be explained rather than guessed at.
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { BenchPages } from './benchPages';
import { percentile, round, scrollFrameTimes } from './pageProbe';
import { realisticRollout } from './realisticRollouts';

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  args?: { data?: { functionName?: string; url?: string } };
}

async function traced(session: CDPSession, work: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (data: { value: TraceEvent[] }) => events.push(...data.value));
  const done = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  await work();
  await session.send('Tracing.end');
  await done;
  return events;
}

/** Total duration (ms) per complete event name on the renderer's main thread. */
function summarise(events: readonly TraceEvent[]): [string, number, number][] {
  const totals = new Map<string, { ms: number; count: number }>();
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    const key =
      event.name === 'FunctionCall' ? `FunctionCall ${event.args?.data?.functionName ?? ''}` : event.name;
    const total = totals.get(key) ?? { ms: 0, count: 0 };
    total.ms += event.dur / 1000;
    total.count += 1;
    totals.set(key, total);
  }
  return [...totals]
    .map(([name, { ms, count }]): [string, number, number] => [name, round(ms), count])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25);
}

async function main(): Promise<void> {
  const rows = Number(option('rows', '100000'));
  const pages = await BenchPages.start();
  try {
    const { page, send } = await pages.open();
    await send({ type: 'init', status: { state: 'stopped' }, rollouts: [] });
    for (let from = 0; from < rows; from += 2000) {
      const batch = Array.from({ length: Math.min(2000, rows - from) }, (_, i) => realisticRollout(from + i));
      await send({ type: 'rollouts', rollouts: batch });
    }
    const expected = `${rows.toLocaleString('en-US')} rollouts`;
    const deadline = Date.now() + 300_000;
    while ((await page.byTestId('rollout-count').innerText()) !== expected) {
      if (Date.now() > deadline) throw new Error(`the page never listed ${expected}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.settle();
    await page.list.evaluate((list) => (list.scrollTop = 0));
    const session = await page.page.context().newCDPSession(page.page);
    let times: number[] = [];
    const events = await traced(session, async () => {
      times = await scrollFrameTimes(page, Number(option('step', '1500')), 180);
    });
    const file = option('trace', '');
    if (file !== '') writeFileSync(file, JSON.stringify({ traceEvents: events }));
    console.log(
      `${rows} rows: frame p50 ${round(percentile(times, 0.5))} ms, p95 ${round(percentile(times, 0.95))} ms, max ${round(Math.max(...times))} ms`,
    );
    for (const [name, ms, count] of summarise(events))
      console.log(`${String(ms).padStart(9)} ms ${String(count).padStart(6)}×  ${name}`);
  } finally {
    await pages.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

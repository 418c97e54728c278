// Chrome DevTools tracing around a piece of page work, summed per event name: where a scroll's frames
// go (layout, paint, script, GC), so a slow figure can be explained rather than guessed at.
import { writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { round } from './pageProbe';

export interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tid: number;
  args?: { data?: { functionName?: string; url?: string } };
}

async function traced(session: CDPSession, work: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
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

/** Total duration (ms) and count per complete event name (all threads), the 25 largest. */
export function summarise(events: readonly TraceEvent[]): [string, number, number][] {
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

/** Runs `work` under tracing; prints the summary, and writes the trace to `file` when given. */
export async function traceWork(
  page: Page,
  label: string,
  work: () => Promise<void>,
  file = '',
): Promise<void> {
  const session = await page.context().newCDPSession(page);
  const events = await traced(session, work);
  await session.detach();
  if (file !== '') writeFileSync(file, JSON.stringify({ traceEvents: events }));
  console.log(`trace: ${label}`);
  for (const [name, ms, count] of summarise(events))
    console.log(`${String(ms).padStart(9)} ms ${String(count).padStart(6)}x  ${name}`);
}

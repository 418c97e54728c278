// `node --import tsx bench/scrollProfile.ts [--rows=N] [--trace=FILE]`: not a bench but the tool behind
// one. Loads N realistic rollouts into an inspector page, scrolls it as the open bench does, and
// prints where the scroll's frames spend their time (Chrome DevTools tracing, summed by event), so a
// regression in the scroll figures can be explained rather than guessed at.
import { BenchPages } from './benchPages';
import { traceWork } from './frameTrace';
import { percentile, round, scrollFrameTimes } from './pageProbe';
import { realisticRollout } from './realisticRollouts';

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
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
    let times: number[] = [];
    await traceWork(
      page.page,
      `scroll over ${rows} rows`,
      async () => {
        times = await scrollFrameTimes(page, Number(option('step', '1500')), 180);
      },
      option('trace', ''),
    );
    console.log(
      `${rows} rows: frame p50 ${round(percentile(times, 0.5))} ms, p95 ${round(percentile(times, 0.95))} ms, max ${round(Math.max(...times))} ms`,
    );
  } finally {
    await pages.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

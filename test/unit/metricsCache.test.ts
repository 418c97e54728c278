import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { MetricsCache } from '../../src/runs/metricsCache';

test('a grown metrics file is read again; an unchanged one is not; a deleted one is empty', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'searchr2-metrics-')), 'metrics.jsonl');
  writeFileSync(file, '{"step":1,"reward_mean":0.1}\n');
  const cache = new MetricsCache();
  const first = await cache.summarize(file);
  assert.equal(first.lastStep, 1);
  assert.equal(await cache.summarize(file), first, 'unchanged: the same summary object');

  appendFileSync(file, '{"step":2,"reward_mean":0.2}\n');
  const grown = await cache.summarize(file);
  assert.deepEqual([grown.lastStep, grown.rewardMean], [2, 0.2]);

  rmSync(file);
  assert.deepEqual(await cache.summarize(file), {
    lastStep: undefined,
    rewardMean: undefined,
    skippedLines: 0,
  });
});

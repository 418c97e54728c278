import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher } from '../../src/core/batcher';

test('items added within one interval are delivered as one batch, in order', async () => {
  const batches: number[][] = [];
  const batcher = new Batcher<number>(20, (items) => batches.push(items));
  batcher.add([1]);
  batcher.add([2, 3]);
  assert.deepEqual(batches, []);
  await new Promise((r) => setTimeout(r, 40));
  batcher.add([4]);
  batcher.flush();
  assert.deepEqual(batches, [[1, 2, 3], [4]]);
  batcher.dispose();
});

test('clear drops waiting items and no timer fires afterwards', async () => {
  const batches: number[][] = [];
  const batcher = new Batcher<number>(10, (items) => batches.push(items));
  batcher.add([1]);
  batcher.clear();
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(batches, []);
});

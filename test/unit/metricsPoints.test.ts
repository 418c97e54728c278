import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMetricsPoints } from '../../src/runs/metricsSummary';

test("a past run's metrics.jsonl becomes the metrics events the trainer streamed", () => {
  const text = [
    '{"step":0,"phase":"sft","time":1700000000.5,"loss":2.5}',
    '{"step":1,"phase":"train","time":1700000001,"reward_mean":0.25,"em_mean":0,"note":"text is not a metric"}',
    'garbage',
    '{"step":1,"phase":"eval","time":1700000002,"em":0.5}',
    '{"step":2,"phase":"warmup","reward_mean":0.5}',
    '{"step":3,"reward_mean',
  ].join('\n');
  assert.deepEqual(parseMetricsPoints(text), [
    { step: 0, phase: 'sft', metrics: { loss: 2.5 } },
    { step: 1, phase: 'train', metrics: { reward_mean: 0.25, em_mean: 0 } },
    { step: 1, phase: 'eval', metrics: { em: 0.5 } },
    { step: 2, metrics: { reward_mean: 0.5 } },
  ]);
});

// What a run's metrics.jsonl says: how far the run got, and its metrics for the inspector's charts.
// Pure: a crash can leave a half-written last line and a hand-edited file anything at all, so bad
// lines are counted or dropped, never fatal.
import type { MetricsPoint } from '../protocol/webviewMessages';

export interface MetricsSummary {
  /** The last training step with metrics (SFT warm-up and eval lines do not count). */
  lastStep: number | undefined;
  /** `reward_mean` of the last training step that reported one. */
  rewardMean: number | undefined;
  /** Lines that were not a JSON object with a numeric `step`. */
  skippedLines: number;
}

export function summarizeMetrics(text: string): MetricsSummary {
  const summary: MetricsSummary = { lastStep: undefined, rewardMean: undefined, skippedLines: 0 };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (record === undefined) {
      summary.skippedLines += 1;
      continue;
    }
    if (record.phase !== undefined && record.phase !== 'train') continue;
    if (summary.lastStep === undefined || record.step >= summary.lastStep) summary.lastStep = record.step;
    if (typeof record.reward_mean === 'number' && Number.isFinite(record.reward_mean)) {
      summary.rewardMean = record.reward_mean;
    }
  }
  return summary;
}

const PHASES = new Set(['sft', 'train', 'eval']);
// Bookkeeping fields of a metrics.jsonl line, not metrics.
const NOT_METRICS = new Set(['step', 'phase', 'time']);

/** Each valid line as the `metrics` event the trainer streamed for it. */
export function parseMetricsPoints(text: string): MetricsPoint[] {
  const points: MetricsPoint[] = [];
  for (const line of text.split('\n')) {
    const record = line.trim() === '' ? undefined : parseRecord(line);
    if (record === undefined) continue;
    const metrics: Record<string, number> = {};
    for (const [key, value] of Object.entries(record)) {
      if (!NOT_METRICS.has(key) && typeof value === 'number' && Number.isFinite(value)) metrics[key] = value;
    }
    const point: MetricsPoint = { step: record.step, metrics };
    if (typeof record.phase === 'string' && PHASES.has(record.phase)) {
      point.phase = record.phase as NonNullable<MetricsPoint['phase']>;
    }
    points.push(point);
  }
  return points;
}

interface MetricsRecord {
  step: number;
  phase?: unknown;
  reward_mean?: unknown;
}

function parseRecord(line: string): MetricsRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const step = (value as { step?: unknown }).step;
  return typeof step === 'number' && Number.isInteger(step) ? (value as MetricsRecord) : undefined;
}

// What a run's metrics.jsonl says about how far it got. Pure: a crash can leave a half-written
// last line and a hand-edited file anything at all, so bad lines are counted, never fatal.

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

// Reads and summarises metrics.jsonl files, re-reading one only when its size or mtime changed:
// the Runs view reloads on every training step, and past runs' files never change.
import { readFile, stat } from 'node:fs/promises';
import { summarizeMetrics, type MetricsSummary } from './metricsSummary';

const EMPTY: MetricsSummary = { lastStep: undefined, rewardMean: undefined, skippedLines: 0 };

export class MetricsCache {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; summary: MetricsSummary }>();

  /** A missing or unreadable file summarises as empty. */
  async summarize(file: string): Promise<MetricsSummary> {
    try {
      const { size, mtimeMs } = await stat(file);
      const cached = this.entries.get(file);
      if (cached !== undefined && cached.size === size && cached.mtimeMs === mtimeMs) return cached.summary;
      const summary = summarizeMetrics(await readFile(file, 'utf8'));
      this.entries.set(file, { size, mtimeMs, summary });
      return summary;
    } catch {
      this.entries.delete(file);
      return EMPTY;
    }
  }
}

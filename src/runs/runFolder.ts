// Reads run directories (config.json, rollouts.jsonl, metrics.jsonl, checkpoints/step-N/) for the
// Runs view. No `vscode`: tested on real temp folders. A missing or unreadable file makes a
// field empty, never an error: a run being written, or a teammate's partial copy, still lists.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { MetricsCache } from './metricsCache';

export interface Checkpoint {
  step: number;
  path: string;
}

export interface RunFolder {
  /** The folder name, e.g. 20261125-010509-demo. */
  name: string;
  path: string;
  hasRollouts: boolean;
  lastStep: number | undefined;
  rewardMean: number | undefined;
  /** Corrupt metrics.jsonl lines that were skipped. */
  skippedMetricsLines: number;
  /** Newest first. */
  checkpoints: Checkpoint[];
}

export const ROLLOUTS_FILE = 'rollouts.jsonl';
const METRICS_FILE = 'metrics.jsonl';
const CHECKPOINT_NAME = /^step-(\d+)$/;

/** Every run under `root`, newest first (run folder names start with their start time). */
export async function listRunFolders(root: string, cache = new MetricsCache()): Promise<RunFolder[]> {
  const entries = await readdirOrEmpty(root);
  const runs = await Promise.all(
    entries.filter((e) => e.isDirectory()).map((e) => readRunFolder(path.join(root, e.name), cache)),
  );
  return runs.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

export async function readRunFolder(dir: string, cache = new MetricsCache()): Promise<RunFolder> {
  const [hasRollouts, metrics, checkpoints] = await Promise.all([
    isFile(path.join(dir, ROLLOUTS_FILE)),
    cache.summarize(path.join(dir, METRICS_FILE)),
    readCheckpoints(path.join(dir, 'checkpoints')),
  ]);
  return {
    name: path.basename(dir),
    path: dir,
    hasRollouts,
    lastStep: metrics.lastStep,
    rewardMean: metrics.rewardMean,
    skippedMetricsLines: metrics.skippedLines,
    checkpoints,
  };
}

async function readCheckpoints(dir: string): Promise<Checkpoint[]> {
  const checkpoints: Checkpoint[] = [];
  for (const entry of await readdirOrEmpty(dir)) {
    const match = CHECKPOINT_NAME.exec(entry.name);
    if (entry.isDirectory() && match?.[1] !== undefined) {
      checkpoints.push({ step: Number(match[1]), path: path.join(dir, entry.name) });
    }
  }
  return checkpoints.sort((a, b) => b.step - a.step);
}

async function readdirOrEmpty(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

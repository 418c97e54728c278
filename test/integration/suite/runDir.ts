// Reading a run directory the way a teammate who gets the folder would: the durable truth.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rollout } from '../../../src/protocol/generated';

export function readRolloutLines(runDir: string): Rollout[] {
  const file = join(runDir, 'rollouts.jsonl');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  // A line still being written has no newline yet: only complete lines count.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Rollout);
}

export function checkpointDirs(runDir: string): string[] {
  const dir = join(runDir, 'checkpoints');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => /^step-\d+$/.test(name));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

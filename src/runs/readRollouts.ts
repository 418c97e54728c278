// Loads a past run's rollouts.jsonl for the inspector. Streams it (runs reach hundreds of MB), and
// skips lines that are not a valid Rollout — a crash can cut the last line, a teammate's copy can be
// edited — counting them so the user hears about it once, never failing the whole run for them.
import { createReadStream } from 'node:fs';
import { LineFramer } from '../core/lineFramer';
import type { Rollout } from '../protocol/generated';
import { parseRollout } from '../protocol/validate';

export interface LoadedRollouts {
  rollouts: Rollout[];
  /** Malformed lines skipped. */
  skipped: number;
  /** The first skipped line's number and what was wrong with it. */
  firstProblem?: string;
}

const MAX_LINE_LENGTH = 8 * 1024 * 1024;

/** Rejects only when the file itself cannot be read (missing, a folder, no permission). */
export function readRollouts(file: string): Promise<LoadedRollouts> {
  const result: LoadedRollouts = { rollouts: [], skipped: 0 };
  let lineNumber = 0;
  const skip = (problem: string): void => {
    result.skipped += 1;
    result.firstProblem ??= `line ${lineNumber}: ${problem}`;
  };
  const framer = new LineFramer({
    maxLineLength: MAX_LINE_LENGTH,
    onLine: (line) => {
      lineNumber += 1;
      if (line.trim() === '') return;
      const parsed = parseRollout(line);
      if (parsed.ok) result.rollouts.push(parsed.rollout);
      else skip(parsed.error);
    },
    onError: (err) => {
      lineNumber += 1;
      skip(err.message);
    },
  });
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('data', (chunk) => framer.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      framer.end();
      resolve(result);
    });
  });
}

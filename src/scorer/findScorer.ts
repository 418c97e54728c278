// Where the step scorer for a run is: checkpoints/step-N/step_scorer.onnx of the run's newest
// checkpoint that has one, else (imported runs, runs before their first checkpoint) the newest
// scorer of any run beside it in the runs folder. No `vscode`: tested on real temp folders.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

export const SCORER_FILE = 'step_scorer.onnx';
/** Written after the .onnx (trainer/searchr2/scorer/export.py): its presence means the model is whole. */
export const SCORER_INFO_FILE = 'step_scorer.json';
const CHECKPOINT_NAME = /^step-(\d+)$/;

export interface ScorerFile {
  onnxPath: string;
  /** The run folder's name the scorer belongs to. */
  runName: string;
  /** The checkpoint's training step. */
  step: number;
  /** When the .onnx was written; a newer file at the same path means a rescore. */
  mtimeMs: number;
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return []; // a run without checkpoints, or a folder being written
  }
}

/** The run's scorers, newest checkpoint first (the newest is the one fitted on the most labels). */
export async function runScorers(runDir: string): Promise<ScorerFile[]> {
  const checkpoints = path.join(runDir, 'checkpoints');
  const found = await Promise.all(
    (await entries(checkpoints)).map(async (entry): Promise<ScorerFile | undefined> => {
      const match = CHECKPOINT_NAME.exec(entry.name);
      if (!entry.isDirectory() || match === null) return undefined;
      const onnxPath = path.join(checkpoints, entry.name, SCORER_FILE);
      try {
        const [onnx] = await Promise.all([
          stat(onnxPath),
          stat(path.join(checkpoints, entry.name, SCORER_INFO_FILE)),
        ]);
        return { onnxPath, runName: path.basename(runDir), step: Number(match[1]), mtimeMs: onnx.mtimeMs };
      } catch {
        return undefined; // no scorer in this checkpoint (yet)
      }
    }),
  );
  return found.filter((s): s is ScorerFile => s !== undefined).sort((a, b) => b.step - a.step);
}

/**
 * Scorers to try for `runDir`, best first: its own, newest checkpoint first, then every other run's
 * newest scorer under `runsRoot`, most recently written first.
 */
export async function scorerCandidates(
  runDir: string,
  runsRoot = path.dirname(runDir),
): Promise<ScorerFile[]> {
  const own = await runScorers(runDir);
  const others = await Promise.all(
    (await entries(runsRoot))
      .filter((e) => e.isDirectory() && path.resolve(runsRoot, e.name) !== path.resolve(runDir))
      .map(async (e) => (await runScorers(path.join(runsRoot, e.name)))[0]),
  );
  const elsewhere = others
    .filter((s): s is ScorerFile => s !== undefined)
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  return [...own, ...elsewhere];
}

/** Same file, same write: nothing to reload. */
export function sameScorer(a: ScorerFile | undefined, b: ScorerFile | undefined): boolean {
  return a !== undefined && b !== undefined && a.onnxPath === b.onnxPath && a.mtimeMs === b.mtimeMs;
}

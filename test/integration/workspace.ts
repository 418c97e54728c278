// Each run works on a throwaway copy of demo/, so runs never share state and the committed
// demo stays clean. The trainer's demo cache (SEARCHR2_CACHE_DIR) is left at its default on
// purpose: setup warmed it, and that is what makes rollouts appear within seconds. The Python
// is the extension's default (the repo's .venv), as for a user after `npm start`.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { repoRoot } from '../../scripts/lib/codeServer.mjs';
import { killTrainersUnder } from './trainerProcesses';

export interface TempWorkspace {
  readonly root: string;
  /** The workspace folder VS Code opens. */
  readonly folder: string;
  dispose(): void;
}

export function makeTempWorkspace(label: string): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), `searchr2-it-${label}-`));
  const folder = join(root, 'demo');
  // Runs left in a developer's demo/.searchr2 are not part of the fixture.
  cpSync(join(repoRoot, 'demo'), folder, {
    recursive: true,
    filter: (src) => !src.includes(`${sep}.searchr2`),
  });
  // Safety net for paths that skip `dispose` (a test timeout abandons its finally blocks): the
  // extension starts the trainer in its own process group, so killing code-server misses it.
  const onExit = () => {
    killTrainersUnder(root);
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return {
    root,
    folder,
    dispose() {
      process.off('exit', onExit);
      killTrainersUnder(root);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

// Each run works on a throwaway copy of demo/, so runs never share state and the committed
// demo stays clean. The trainer's demo cache (SEARCHR2_CACHE_DIR) is left at its default on
// purpose: setup warmed it, and that is what makes rollouts appear within seconds.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/codeServer.mjs';

export interface TempWorkspace {
  readonly root: string;
  /** The workspace folder VS Code opens. */
  readonly folder: string;
  dispose(): void;
}

export function makeTempWorkspace(label: string): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), `searchr2-it-${label}-`));
  const folder = join(root, 'demo');
  cpSync(join(repoRoot, 'demo'), folder, { recursive: true, filter: (src) => !src.includes('.searchr2') });
  // Point the extension at the project's venv explicitly: the copy no longer sits beside .venv.
  const settingsFile = join(folder, '.vscode', 'settings.json');
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  let settings: Record<string, unknown> = {};
  try {
    settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // no settings in demo/ (or not plain JSON): start empty
  }
  settings['searchr2.pythonPath'] = join(repoRoot, '.venv', 'bin', 'python');
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  return { root, folder, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

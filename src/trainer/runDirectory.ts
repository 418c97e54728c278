// Where a run's files go: <workspace>/.searchr2/runs/<YYYYMMDD-HHMMSS>-<preset>/.
// The trainer fills the directory; the editor only picks and creates it.
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local time, so the folder name matches the clock the user sees. */
export function runDirName(now: Date, preset: string): string {
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  // The preset comes from a setting: keep it to one safe path segment.
  const safePreset = preset.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'run';
  return `${stamp}-${safePreset}`;
}

export const DEFAULT_RUNS_FOLDER = '.searchr2/runs';

/**
 * The `searchr2.runsFolder` setting: relative to the first workspace folder, or absolute, or `~/…`.
 * Without a workspace a relative setting has nothing to be relative to: global storage it is.
 */
export function runsRoot(
  workspaceFolder: string | undefined,
  globalStorage: string,
  setting = DEFAULT_RUNS_FOLDER,
  homeDir?: string,
): string {
  const value = setting.trim() === '' ? DEFAULT_RUNS_FOLDER : setting.trim();
  if (homeDir !== undefined && (value === '~' || value.startsWith('~/'))) return path.join(homeDir, value.slice(1));
  if (path.isAbsolute(value)) return path.normalize(value);
  return workspaceFolder !== undefined ? path.join(workspaceFolder, value) : path.join(globalStorage, 'runs');
}

/** Creates a fresh run dir; a second run started in the same second gets a numeric suffix. */
export async function createRunDir(root: string, now: Date, preset: string): Promise<string> {
  await mkdir(root, { recursive: true });
  const base = path.join(root, runDirName(now, preset));
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${attempt + 1}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`could not create a new run directory under ${root}`);
}

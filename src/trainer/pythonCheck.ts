// Checks that a Python interpreter exists and can import the trainer package, before a run
// is started with it, so the user gets "install the trainer" instead of a traceback.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';

export type PythonCheck =
  | { ok: true }
  | { ok: false; problem: 'missing' | 'cannot-run' | 'no-trainer'; detail: string };

const CHECK_TIMEOUT_MS = 30_000;

export async function checkPython(pythonPath: string, options: { skipFileCheck?: boolean } = {}): Promise<PythonCheck> {
  if (options.skipFileCheck !== true) {
    try {
      await access(pythonPath, constants.X_OK);
    } catch (err) {
      return { ok: false, problem: 'missing', detail: err instanceof Error ? err.message : String(err) };
    }
  }
  return new Promise((resolve) => {
    execFile(
      pythonPath,
      ['-c', 'import searchr2'],
      { timeout: CHECK_TIMEOUT_MS, windowsHide: true },
      (error, _stdout, stderr) => {
        if (error === null) return resolve({ ok: true });
        // Exit code 1 with an ImportError is the common case: the venv exists but lacks the trainer.
        const problem = typeof error.code === 'number' ? 'no-trainer' : error.code === 'ENOENT' ? 'missing' : 'cannot-run';
        resolve({ ok: false, problem, detail: (stderr || error.message).trim().split('\n').slice(-3).join('\n') });
      },
    );
  });
}

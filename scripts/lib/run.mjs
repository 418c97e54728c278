// Small process helpers shared by the setup, start, test and package scripts.
// Every step prints one progress line, and a failure names the step and what to try next,
// because these scripts run unattended on fresh machines (CI) where a bare stack trace helps nobody.
import { spawn, spawnSync } from 'node:child_process';

export class StepError extends Error {
  constructor(step, message, hint) {
    super(`${step}: ${message}${hint ? `\n  → ${hint}` : ''}`);
    this.step = step;
    this.hint = hint;
  }
}

/** Prints `==> title`, runs `fn`, prints how long it took; rethrows as a StepError with `hint`. */
export async function step(title, fn, hint) {
  const started = Date.now();
  console.log(`==> ${title}`);
  try {
    const result = await fn();
    console.log(`    done: ${title} (${seconds(started)})`);
    return result;
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new StepError(title, error instanceof Error ? error.message : String(error), hint);
  }
}

export function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command with inherited stdio; rejects with its exit code when it fails. */
export function sh(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`\`${[command, ...args].join(' ')}\` exited with ${signal ?? code}`));
    });
  });
}

/** Runs a command quietly and returns whether it succeeded (for presence checks). */
export function succeeds(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'ignore', ...options });
  return result.status === 0;
}

/** The `npm` executable that runs this script, so nested installs use the same npm. */
export const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Env for npm installs: never let onnxruntime-node's postinstall reach for the network (see OFFLINE-TOOLING.md). */
export function npmEnv(extra = {}) {
  return {
    ...process.env,
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

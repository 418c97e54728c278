// `npm run setup`: everything a fresh clone needs, in order, and quick when nothing changed
// (each installed thing carries a stamp of the inputs that made it). `npm start` and `npm test`
// call it first. A failing step names itself and what to do; the exit code is non-zero.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackages } from './lib/apt.mjs';
import { repoRoot } from './lib/codeServer.mjs';
import { npmCommand, npmEnv, seconds, sh, step, StepError } from './lib/run.mjs';
import { hashInputs, isFresh, writeStamp } from './lib/stamp.mjs';
import { ensureCodeServer } from './install-code-server.mjs';

process.chdir(repoRoot);
const venvPython = join(repoRoot, '.venv', 'bin', 'python');

async function ensureNodeModules() {
  const stamp = join('node_modules', '.searchr2-setup-stamp');
  const hash = hashInputs(['package-lock.json'], [process.version]);
  if (isFresh(stamp, hash)) return console.log('    node_modules up to date');
  try {
    await sh(npmCommand, ['ci', '--no-audit', '--no-fund'], { env: npmEnv() });
  } catch {
    // `npm ci` refuses a lock that disagrees with package.json; install repairs the lock instead.
    console.log('    npm ci failed; trying npm install');
    await sh(npmCommand, ['install', '--no-audit', '--no-fund'], { env: npmEnv() });
  }
  writeStamp(stamp, hash);
}

async function ensureVenv() {
  const inputs = ['trainer/pyproject.toml', 'trainer/constraints-cpu.txt'];
  if (!existsSync(inputs[0])) return console.log('    trainer/pyproject.toml not there yet: skipped');
  const stamp = join('.venv', '.searchr2-setup-stamp');
  const hash = hashInputs(inputs);
  if (existsSync(venvPython) && isFresh(stamp, hash)) return console.log('    .venv up to date');
  if (!existsSync(venvPython)) await sh('python3', ['-m', 'venv', '.venv']);
  // The constraints pin the CPU torch build; an open range would pull a multi-GB CUDA build.
  await sh(venvPython, [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '-c',
    inputs[1],
    '-e',
    'trainer[dev]',
  ]);
  writeStamp(stamp, hash);
}

const started = Date.now();
try {
  await step('Debian packages', ensureDebianPackages, 'run as root, or install the packages it names');
  await step(
    'npm packages',
    ensureNodeModules,
    'check the npm registry is reachable, then rerun `npm run setup`',
  );
  await step(
    'Python venv with the trainer (.venv)',
    ensureVenv,
    'needs python3 ≥ 3.10 with venv; delete .venv and rerun `npm run setup` to start clean',
  );
  await step('code-server (a real VS Code for tests and npm start)', () => ensureCodeServer());
  await step(
    'build the extension (npm run build)',
    () => sh(npmCommand, ['run', '--silent', 'build']),
    'fix the esbuild error above, then rerun `npm run setup`',
  );
  await step(
    'warm the demo cache (python -m searchr2 prepare-demo)',
    () => sh(venvPython, ['-m', 'searchr2', 'prepare-demo']),
    'the demo warm start failed to build: see the trainer output above',
  );
  console.log(`setup complete (${seconds(started)})`);
} catch (error) {
  console.error(`\nsetup failed: ${error instanceof StepError ? error.message : String(error)}`);
  process.exit(1);
}

// `npm run test:python`: the trainer's lint, format, type and unit checks, from the repo root,
// with the project venv that setup made. Stops at the first failing check, like `&&` would,
// and says which one failed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/codeServer.mjs';
import { sh } from './lib/run.mjs';

process.chdir(repoRoot);
const python = join('.venv', 'bin', 'python');
if (!existsSync(python)) {
  console.error(`${python} is missing: run \`npm run setup\` first.`);
  process.exit(1);
}

const checks = [
  ['ruff check', ['-m', 'ruff', 'check', 'trainer']],
  ['ruff format --check', ['-m', 'ruff', 'format', '--check', 'trainer']],
  ['mypy', ['-m', 'mypy', '--config-file', 'trainer/pyproject.toml', 'trainer/searchr2']],
  ['pytest', ['-m', 'pytest', 'trainer/tests', '-q']],
];

for (const [name, args] of checks) {
  console.log(`--- ${name}`);
  try {
    await sh(python, args);
  } catch {
    console.error(`test:python failed at ${name} (\`${python} ${args.join(' ')}\`)`);
    process.exit(1);
  }
}

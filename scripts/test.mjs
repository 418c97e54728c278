// `npm test`: setup, then every layer in order. A failing layer does not stop the others, so one
// run shows everything that is wrong; the summary lists each layer and the exit code says whether
// all passed. Layers run one at a time on purpose: the Python tests and the integration runs
// both train with torch, and two torch processes on 2 cores slow each other ~15x.
import { spawn } from 'node:child_process';
import { repoRoot } from './lib/codeServer.mjs';
import { npmCommand, npmEnv, seconds } from './lib/run.mjs';

process.chdir(repoRoot);

const layers = [
  ['setup', ['run', 'setup']],
  ['protocol (generated types match the schema)', ['run', 'gen:protocol', '--', '--check']],
  ['typecheck', ['run', 'typecheck']],
  ['lint (eslint + prettier)', ['run', 'lint']],
  ['unit tests', ['run', 'test:unit']],
  ['webview tests (headless Chromium)', ['run', 'test:webview']],
  ['python tests (ruff, mypy, pytest)', ['run', 'test:python']],
  ['integration (code-server)', ['run', 'test:integration']],
  ['package (VSIX installs offline in code-server)', ['run', 'package']],
];

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(npmCommand, args, { stdio: 'inherit', env: npmEnv() });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const started = Date.now();
const results = [];
for (const [name, args] of layers) {
  console.log(`\n===== ${name}: npm ${args.join(' ')}`);
  const layerStart = Date.now();
  const code = await run(args);
  results.push({ name, passed: code === 0, time: seconds(layerStart) });
  console.log(`===== ${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds(layerStart)}`);
}

console.log(`\nSummary (${seconds(started)}):`);
for (const { name, passed, time } of results) console.log(`  ${passed ? 'pass' : 'FAIL'}  ${name} (${time})`);
const failed = results.filter((result) => !result.passed).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// Installs code-server (a real VS Code that runs on Node 20) into .vscode-test/code-server/,
// offline-friendly, exactly as shared/recipes/OFFLINE-TOOLING.md found to work:
// the release downloads nothing from GitHub if every postinstall is skipped and the native
// modules are rebuilt from source. It lives in its own folder, not in the project's
// devDependencies, because its postinstall breaks a plain `npm install`.
// Run alone: `node scripts/install-code-server.mjs`; setup.mjs calls `ensureCodeServer()`.
import { existsSync, mkdirSync, rmSync, symlinkSync, lstatSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashInputs, isFresh, writeStamp } from './lib/stamp.mjs';
import { npmCommand, npmEnv, sh, step } from './lib/run.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerDir = join(repoRoot, '.vscode-test', 'code-server');
export const codeServerBin = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const stampPath = join(codeServerDir, '.searchr2-stamp');

/** Install env: node-pty's postinstall runs `npx node-gyp` (needs yes); root needs unsafe-perm; node-gyp uses local headers. */
function installEnv() {
  const env = npmEnv({ npm_config_yes: 'true' });
  if (process.getuid?.() === 0) env.npm_config_unsafe_perm = 'true';
  const prefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  return env;
}

function link(target, path) {
  try {
    lstatSync(path);
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing there yet
  }
  symlinkSync(target, path);
}

export async function ensureCodeServer({ force = false } = {}) {
  const hash = hashInputs([], [CODE_SERVER_VERSION, process.version, 'recipe-1']);
  if (!force && isFresh(stampPath, hash) && existsSync(codeServerBin)) {
    console.log(`    code-server ${CODE_SERVER_VERSION} already installed in ${codeServerDir}`);
    return;
  }
  const env = installEnv();
  const hint =
    'needs the Debian packages ripgrep libkrb5-dev pkg-config g++ make python3 (npm run setup installs them as root); rerun `node scripts/install-code-server.mjs`';
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  // A package.json of its own keeps npm from walking up to the project's.
  writeFileSync(
    join(codeServerDir, 'package.json'),
    '{ "private": true, "description": "code-server for Search-R2 Studio tests" }\n',
  );
  const npm = (cwd, ...args) => sh(npmCommand, args, { cwd, env });

  await step(
    `code-server ${CODE_SERVER_VERSION}: npm install (scripts skipped)`,
    () =>
      npm(
        codeServerDir,
        'install',
        `code-server@${CODE_SERVER_VERSION}`,
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
      ),
    hint,
  );
  // argon2's prebuilt download fails offline; rebuilding compiles it from source.
  await step('code-server: rebuild argon2', () => npm(codeServerDir, 'rebuild', 'argon2'), hint);

  const vscodeDir = join(codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode');
  await step(
    'code-server: install VS Code runtime modules',
    () => npm(vscodeDir, 'install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'),
    hint,
  );
  // @vscode/ripgrep's postinstall downloads rg from GitHub and skips when bin/ exists: give it Debian's.
  const rgBin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBin, { recursive: true });
  link('/usr/bin/rg', join(rgBin, 'rg'));
  await step(
    'code-server: rebuild native modules (node-pty, spdlog, kerberos, watchdog)',
    () => npm(vscodeDir, 'rebuild'),
    hint,
  );
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  await step(
    'code-server: install built-in extensions',
    () => npm(join(vscodeDir, 'extensions'), 'install', '--omit=dev', '--no-audit', '--no-fund'),
    hint,
  );

  if (!existsSync(codeServerBin)) throw new Error(`code-server entry point missing: ${codeServerBin}`);
  writeStamp(stampPath, hash);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await step(`code-server ${CODE_SERVER_VERSION}`, () =>
    ensureCodeServer({ force: process.argv.includes('--force') }),
  );
}

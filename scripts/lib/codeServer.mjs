// Starts the project's code-server (installed by scripts/install-code-server.mjs) on a free
// 127.0.0.1 port, with the flags from shared/recipes/OFFLINE-TOOLING.md, and builds the URL
// that loads the extension under development. The CLI flag for that is rejected by
// code-server: it only works through the `payload` URL parameter.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, killGroup, signalGroup, waitFor } from './processes.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const codeServerEntry = join(
  repoRoot,
  '.vscode-test/code-server/node_modules/code-server/out/node/entry.js',
);

/**
 * @param {{ workspace: string, logFile?: string, env?: Record<string, string>, scratch?: string, port?: number }} options
 * `scratch` holds user-data, extensions and XDG folders; a fresh temp folder (removed on stop) by default.
 */
export async function startCodeServer(options) {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed (${codeServerEntry}): run \`npm run setup\``);
  }
  const ownScratch = options.scratch === undefined;
  const scratch = options.scratch ?? mkdtempSync(join(tmpdir(), 'searchr2-code-server-'));
  writeDefaultUserSettings(join(scratch, 'user-data', 'User'));
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  // argv: the flags from the recipe; throwaway profile folders so no user setting leaks in.
  const args = [
    codeServerEntry,
    ...['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`],
    ...['--user-data-dir', join(scratch, 'user-data'), '--extensions-dir', join(scratch, 'extensions')],
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    options.workspace,
  ];
  const child = spawn(process.execPath, args, {
    detached: true, // its own process group: stopping it also stops the extension host's children
    stdio: ['ignore', options.logFile ? 'pipe' : 'inherit', options.logFile ? 'pipe' : 'inherit'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
      XDG_DATA_HOME: join(scratch, 'xdg-data'),
      ...options.env,
    },
  });
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  if (log) {
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  }
  // Whatever way this process ends, code-server must not outlive it.
  const onExit = () => signalGroup(child.pid, 'SIGKILL');
  process.once('exit', onExit);
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      await killGroup(child);
      process.off('exit', onExit);
      log?.end();
      if (ownScratch) rmSync(scratch, { recursive: true, force: true });
    })());
  try {
    await waitFor(
      'code-server to answer /healthz',
      async () => {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
        const response = await globalThis.fetch(`${origin}/healthz`);
        return response.ok ? true : undefined;
      },
      60_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  return {
    port,
    origin,
    pid: child.pid,
    exited: new Promise((done) => child.once('exit', done)),
    url(folder, extra = {}) {
      const payload = [['extensionDevelopmentPath', remote(repoRoot)]];
      if (extra.extensionTestsPath) payload.push(['extensionTestsPath', remote(extra.extensionTestsPath)]);
      return `${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    stop,
  };
}

/** A quiet first start: no walkthrough stealing focus from the command palette, no telemetry. */
function writeDefaultUserSettings(userDir) {
  const file = join(userDir, 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(userDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
  };
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

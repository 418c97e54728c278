// `npm start`: setup, then VS Code on demo/ with this repo loaded as the extension under
// development. The desktop `code` CLI when there is one; otherwise code-server on 127.0.0.1,
// whose URL we print, running until Ctrl-C. Set SEARCHR2_PORT to pick code-server's port.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, startCodeServer } from './lib/codeServer.mjs';
import { sh } from './lib/run.mjs';

process.chdir(repoRoot);
const demo = join(repoRoot, 'demo');

try {
  await sh(process.execPath, [join(repoRoot, 'scripts', 'setup.mjs')]);
} catch {
  process.exit(1); // setup already said what failed and what to do
}

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  console.log(`Opening VS Code on ${demo} with the extension from ${repoRoot}`);
  // The desktop CLI hands the window to the running VS Code and returns.
  const code = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
  code.on('exit', (status) => process.exit(status ?? 0));
} else {
  const logFile = join(repoRoot, '.vscode-test', 'code-server-start.log');
  const server = await startCodeServer({
    workspace: demo,
    logFile,
    // A profile that persists between starts (layout, opened editors), kept out of git.
    scratch: join(repoRoot, '.vscode-test', 'start-profile'),
    port: process.env.SEARCHR2_PORT ? Number(process.env.SEARCHR2_PORT) : undefined,
  });
  console.log('\nSearch-R2 Studio is running in code-server (no desktop `code` CLI found). Open:\n');
  console.log(`  ${server.url(demo)}\n`);
  console.log('then run "Search-R2: Start Training" from the command palette (F1).');
  console.log(`code-server log: ${logFile}. Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: stopping code-server…`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  void server.exited.then(() => {
    if (!stopping) {
      console.error(`code-server exited on its own; see ${logFile}`);
      process.exit(1);
    }
  });
}

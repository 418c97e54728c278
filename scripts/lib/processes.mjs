// Process plumbing shared by `npm start` and the integration drivers: free ports, waiting for a
// condition instead of sleeping, and stopping a detached child as a whole process group (so
// code-server's extension host and the trainer it spawned go with it).
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is already gone
  }
}

/** SIGTERM to the child's group, SIGKILL after `graceMs`, then SIGKILL to stragglers left in the group. */
export async function killGroup(child, graceMs = 5000) {
  if (child.pid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    signalGroup(child.pid, 'SIGTERM');
    const timeout = delay(graceMs).then(() => 'timeout');
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      signalGroup(child.pid, 'SIGKILL');
      await exited;
    }
  }
  signalGroup(child.pid, 'SIGKILL');
}

/** Polls `probe` until it returns something other than undefined; its last error is in the timeout message. */
export async function waitFor(what, probe, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await delay(intervalMs);
  }
  const why = lastError
    ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`
    : '';
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${why}`);
}

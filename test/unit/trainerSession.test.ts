import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Event } from '../../src/protocol/generated';
import type { RunState } from '../../src/protocol/webviewMessages';
import type { SessionEnd } from '../../src/trainer/sessionEnd';
import {
  TrainerSession,
  TrainerStartError,
  type TrainerSessionOptions,
} from '../../src/trainer/trainerSession';

const fake = fileURLToPath(new URL('fixtures/fakeTrainer.mjs', import.meta.url));

function session(mode: string, options: Partial<TrainerSessionOptions> = {}) {
  const s = new TrainerSession({ argv: [process.execPath, fake, mode], startTimeoutMs: 5_000, ...options });
  const states: RunState[] = [];
  const events: Event[] = [];
  s.onDidChangeState((state) => states.push(state));
  s.onDidReceiveEvent((event) => events.push(event));
  const ended = new Promise<SessionEnd>((resolve) => s.onDidEnd(resolve));
  return { s, states, events, ended };
}

/** A killed orphan may linger as a zombie until init reaps it; that counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): signal 0 succeeding is the best evidence there is
  }
}

test('handshake: hello then run_started resolves start, and rollouts arrive in order', async () => {
  const { s, states, events, ended } = session('ok');
  const started = await s.start();
  assert.equal(started.run_id, 'r1');
  assert.equal(s.hello?.protocol, 'searchr2/1');
  assert.equal(s.state, 'running');
  assert.ok(s.pid !== undefined);
  await s.stop();
  const end = await ended;
  assert.equal(end.state, 'stopped');
  const rollouts = events.flatMap((e) => (e.type === 'rollout' ? [e.rollout.id] : []));
  assert.deepEqual(rollouts, ['s1-a', 's1-b']);
  assert.deepEqual(states, ['starting', 'running', 'stopping', 'stopped']);
  s.dispose();
});

test('commands get ids c1, c2, … and resolve on their ack; pause and resume change state', async () => {
  const { s, states } = session('ok');
  await s.start();
  const pauseAck = await s.sendCommand('pause');
  assert.equal(pauseAck.id, 'c1');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(s.state, 'paused');
  assert.equal((await s.sendCommand('resume')).id, 'c2');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(s.state, 'running');
  assert.ok(states.includes('paused'));
  await s.stop();
  s.dispose();
});

test('stop sends a stop command, gets ack and stopped, and the process exits cleanly', async () => {
  const { s, events, ended } = session('ok');
  await s.start();
  await s.stop(5_000);
  const end = await ended;
  assert.equal(end.code, 0);
  assert.equal(end.state, 'stopped');
  assert.match(end.message, /stopped at step 1/);
  assert.ok(events.some((e) => e.type === 'ack' && e.command === 'stop'));
  assert.ok(events.some((e) => e.type === 'stopped'));
  assert.equal(s.pid, undefined);
  s.dispose();
});

test('a protocol version mismatch is refused with both versions named, and the trainer is killed', async () => {
  const { s, ended } = session('mismatch', { termGraceMs: 500 });
  await assert.rejects(s.start(), (err: Error) => {
    assert.ok(err instanceof TrainerStartError);
    assert.match(err.message, /searchr2\/99/);
    assert.match(err.message, /searchr2\/1/);
    return true;
  });
  assert.equal((await ended).state, 'crashed');
  assert.equal(s.pid, undefined);
  s.dispose();
});

test('malformed stdout lines are counted and reported, never fatal', async () => {
  const { s, events } = session('malformed');
  const malformed: string[] = [];
  s.onDidReceiveMalformedLine((m) => malformed.push(`${m.count}: ${m.error}`));
  await s.start();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.malformedLines, 2);
  assert.match(malformed[0] ?? '', /^1: not JSON/);
  assert.match(malformed[1] ?? '', /^2: unknown event type 'launch_missiles'/);
  assert.ok(
    events.some((e) => e.type === 'rollout'),
    'the valid line after the bad ones still arrives',
  );
  assert.equal(s.state, 'running');
  await s.stop();
  s.dispose();
});

test('a trainer that ignores stop and SIGTERM is killed, with its whole process group', async () => {
  const { s, ended } = session('ignoreStop', { termGraceMs: 300 });
  await s.start();
  await new Promise((r) => setTimeout(r, 200));
  const workerLine = s.stderrTail.find((l) => l.startsWith('worker pid '));
  const workerPid = Number(workerLine?.slice('worker pid '.length));
  assert.ok(workerPid > 0 && isAlive(workerPid), 'the fake started a worker');
  await s.stop(300);
  const end = await ended;
  assert.equal(end.signal, 'SIGKILL');
  assert.equal(end.state, 'stopped');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(isAlive(workerPid), false, 'the worker in the group is gone too');
  s.dispose();
});

test('a trainer that exits at start rejects start with its stderr tail', async () => {
  const { s, ended } = session('exitAtStart');
  await assert.rejects(s.start(), (err: Error) => {
    assert.ok(err instanceof TrainerStartError);
    assert.match(err.message, /exited with code 3/);
    assert.ok(err.stderrTail.some((l) => l.includes("No module named 'torch'")));
    return true;
  });
  assert.equal((await ended).state, 'crashed');
  s.dispose();
});

test('a crash mid-run ends in crashed with the last stderr lines', async () => {
  const { s, ended } = session('crashMidRun');
  await s.start();
  const end = await ended;
  assert.equal(end.state, 'crashed');
  assert.match(end.message, /exited with code 1/);
  assert.ok(end.stderrTail.includes('RuntimeError: CUDA out of memory'));
  s.dispose();
});

test('a fatal error event makes the end crashed with its message and hint', async () => {
  const { s, ended } = session('fatalError');
  await s.start();
  const end = await ended;
  assert.equal(end.state, 'crashed');
  assert.match(end.message, /retriever index missing\. Run npm run setup\./);
  s.dispose();
});

test('the start timeout restarts on every valid line, so a slow but talkative start succeeds', async () => {
  const { s } = session('slowStart', { startTimeoutMs: 400 });
  const started = await s.start();
  assert.equal(started.run_id, 'r1');
  await s.stop();
  s.dispose();
});

test('a silent trainer times out at start and is killed', async () => {
  const { s, ended } = session('silent', { startTimeoutMs: 300, termGraceMs: 300 });
  await assert.rejects(s.start(), /sent no 'hello' within/);
  assert.equal((await ended).state, 'crashed');
  s.dispose();
});

test('a missing program is reported, not thrown', async () => {
  const s = new TrainerSession({ argv: ['/nonexistent/python', '-m', 'searchr2'] });
  await assert.rejects(s.start(), /could not start \/nonexistent\/python/);
  s.dispose();
});

test('stop while starting: start rejects as cancelled and the state never becomes running', async () => {
  const { s, states, ended } = session('slowStart');
  const started = s.start();
  await new Promise((r) => setTimeout(r, 100));
  const stopping = s.stop(2_000);
  await assert.rejects(started, /Start cancelled/);
  await stopping;
  assert.equal((await ended).state, 'stopped');
  assert.ok(!states.includes('running'), states.join());
  s.dispose();
});

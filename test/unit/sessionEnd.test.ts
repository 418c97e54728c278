import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEnd } from '../../src/trainer/sessionEnd';

const base = { stopRequested: false, program: 'python' };

test('a completed run is stopped, not crashed', () => {
  const end = describeEnd({
    ...base,
    exit: { code: 0, signal: null },
    stopped: { type: 'stopped', reason: 'completed', step: 50 },
  });
  assert.deepEqual(end, { state: 'stopped', message: 'Run completed at step 50.' });
});

test('exiting 0 without a stopped event is a crash: the run did not finish', () => {
  assert.equal(describeEnd({ ...base, exit: { code: 0, signal: null } }).state, 'crashed');
});

test('stopped with reason error is a crash', () => {
  const end = describeEnd({
    ...base,
    exit: { code: 0, signal: null },
    stopped: { type: 'stopped', reason: 'error', step: 2 },
  });
  assert.equal(end.state, 'crashed');
});

test('a requested stop that needed SIGKILL is stopped, and says so', () => {
  const end = describeEnd({ ...base, stopRequested: true, exit: { code: null, signal: 'SIGKILL' } });
  assert.equal(end.state, 'stopped');
  assert.match(end.message, /SIGKILL/);
});

test('a fatal error wins, with its hint', () => {
  const end = describeEnd({
    ...base,
    exit: { code: 1, signal: null },
    fatalError: { type: 'error', message: 'no GPU', fatal: true, hint: 'Use the demo preset.' },
  });
  assert.deepEqual(end, { state: 'crashed', message: 'no GPU. Use the demo preset.' });
});

test("a notification's stderr tail keeps the last lines, each cut to a readable length", async () => {
  await import('./mocks/installVscodeMock');
  const { tailForMessage } = await import('../../src/trainer/userMessages');
  const long = `{"type":"metrics","step":9,"metrics":{${'"x":1,'.repeat(300)}}}`;
  const text = tailForMessage(['', 'first', long, 'RuntimeError: CUDA out of memory'], 2);
  assert.ok(text.length < 300, `${text.length} characters`);
  assert.match(text, /^ Last output: \{"type":"metrics".*… ⏎ RuntimeError: CUDA out of memory$/);
});

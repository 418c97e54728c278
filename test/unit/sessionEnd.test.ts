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

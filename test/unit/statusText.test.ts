import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presentStatus } from '../../src/views/statusText';

test('running shows the step of the max', () => {
  const p = presentStatus({ state: 'running', step: 3, maxSteps: 50, runId: 'r1', runDir: '/runs/r1' });
  assert.equal(p.text, '$(beaker) Search-R2: running · step 3/50');
  assert.match(p.tooltipLines.join('\n'), /r1/);
  assert.match(p.tooltipLines.join('\n'), /open the inspector/);
  assert.equal(p.isError, false);
});

test('crashed is an error and its message is in the tooltip', () => {
  const p = presentStatus({
    state: 'crashed',
    step: 2,
    maxSteps: 50,
    message: 'The trainer exited with code 1.',
  });
  assert.equal(p.text, '$(error) Search-R2: crashed · step 2/50');
  assert.equal(p.isError, true);
  assert.match(p.tooltipLines.join('\n'), /exited with code 1/);
});

test('stopped, starting, and idle', () => {
  assert.equal(
    presentStatus({ state: 'stopped', step: 50, maxSteps: 50 }).text,
    '$(beaker) Search-R2: stopped · step 50/50',
  );
  assert.equal(
    presentStatus({ state: 'starting', step: 0, maxSteps: 50 }).text,
    '$(loading~spin) Search-R2: starting…',
  );
  assert.equal(presentStatus({ state: 'idle' }).visible, false);
});

test('the last mean reward follows the step, and is in the tooltip', () => {
  const p = presentStatus({ state: 'running', step: 3, maxSteps: 50 }, 0.4251);
  assert.equal(p.text, '$(beaker) Search-R2: running · step 3/50 · reward 0.43');
  assert.ok(p.tooltipLines.includes('Last mean reward: 0.43'));
  assert.equal(
    presentStatus({ state: 'running', step: 3, maxSteps: 50 }, Number.NaN).text.includes('reward'),
    false,
  );
});

test('the tooltip offers Stop only while there is a run to stop', () => {
  const commands = (state: 'running' | 'paused' | 'starting' | 'stopped' | 'crashed') =>
    presentStatus({ state }).links.map((l) => l.command);
  for (const state of ['running', 'paused', 'starting'] as const) {
    assert.deepEqual(commands(state), ['searchr2.openInspector', 'searchr2.stopTraining'], state);
  }
  for (const state of ['stopped', 'crashed'] as const)
    assert.deepEqual(commands(state), ['searchr2.openInspector']);
});

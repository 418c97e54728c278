import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWebviewToHost } from '../../src/protocol/webviewMessages';

test('the view may ask for the run-control commands, and for nothing else', () => {
  for (const command of [
    'searchr2.startTraining',
    'searchr2.stopTraining',
    'searchr2.pauseTraining',
    'searchr2.resumeTraining',
    'searchr2.saveCheckpoint',
  ]) {
    assert.equal(isWebviewToHost({ type: 'runCommand', command }), true, command);
  }
  for (const command of ['searchr2.openRun', 'workbench.action.terminal.new', 'revealFileInOS', 42]) {
    assert.equal(isWebviewToHost({ type: 'runCommand', command }), false, String(command));
  }
});

test('a regenerate request names a run, a rollout and a step from 1; an open names a key', () => {
  const ok = { type: 'regenerate', runId: 'r1', rolloutId: 's1-q1-g0', step: 2 };
  assert.equal(isWebviewToHost(ok), true);
  assert.equal(isWebviewToHost({ ...ok, step: 0 }), false, 'step 0 is not a step');
  assert.equal(isWebviewToHost({ ...ok, step: 1.5 }), false);
  assert.equal(isWebviewToHost({ ...ok, rolloutId: '' }), false);
  assert.equal(isWebviewToHost({ ...ok, runId: 'x'.repeat(501) }), false);
  assert.equal(isWebviewToHost({ type: 'openRegeneration', key: 's1-c4' }), true);
  assert.equal(isWebviewToHost({ type: 'openRegeneration', key: 7 }), false);
});

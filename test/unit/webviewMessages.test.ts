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

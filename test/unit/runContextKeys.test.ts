import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandName } from '../../src/protocol/generated';
import type { RunState } from '../../src/protocol/webviewMessages';
import { runContextKeys } from '../../src/trainer/runContextKeys';

const all: CommandName[] = ['stop', 'pause', 'resume', 'save_checkpoint'];
const idle = { pause: false, save: false };

/** The commands a user could pick from the palette in this situation. */
function enabled(state: RunState, pending = idle, capabilities: CommandName[] | undefined = all): string[] {
  const keys = runContextKeys({ state, capabilities, pending });
  return Object.entries(keys)
    .filter(([, on]) => on)
    .map(([key]) => key.replace('searchr2.', ''));
}

test('a running run can be paused, checkpointed and stopped, not resumed', () => {
  assert.deepEqual(enabled('running'), ['running', 'canPause', 'canSaveCheckpoint']);
});

test('a paused run can be resumed, checkpointed and stopped, not paused again', () => {
  assert.deepEqual(enabled('paused'), ['running', 'canResume', 'canSaveCheckpoint']);
});

test('a pause waiting for its step to end can be withdrawn with Resume, not asked again', () => {
  assert.deepEqual(enabled('running', { pause: true, save: false }), [
    'running',
    'canResume',
    'canSaveCheckpoint',
  ]);
});

test('Save Checkpoint is off while a save is under way', () => {
  assert.deepEqual(enabled('running', { pause: false, save: true }), ['running', 'canPause']);
});

test('while starting or stopping only Stop applies; with no run nothing does', () => {
  assert.deepEqual(enabled('starting', idle, undefined), ['running']);
  assert.deepEqual(enabled('stopping'), ['running']);
  for (const state of ['idle', 'stopped', 'crashed'] as const) assert.deepEqual(enabled(state), []);
});

test('a trainer that does not offer pause never gets Pause or Resume', () => {
  assert.deepEqual(enabled('running', idle, ['stop', 'save_checkpoint']), ['running', 'canSaveCheckpoint']);
});

test('Regenerate is on while running or paused, only for a trainer that offers it', () => {
  const withRegenerate: CommandName[] = [...all, 'regenerate'];
  assert.ok(enabled('running', idle, withRegenerate).includes('canRegenerate'));
  assert.ok(enabled('paused', idle, withRegenerate).includes('canRegenerate'));
  assert.ok(!enabled('stopping', idle, withRegenerate).includes('canRegenerate'));
  assert.ok(!enabled('running').includes('canRegenerate'), 'a trainer without it');
});

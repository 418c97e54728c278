import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandError, PendingCommands } from '../../src/trainer/pendingCommands';

test('ids count up and each answer settles only its own command', async () => {
  const pending = new PendingCommands(1_000);
  const a = pending.create('pause');
  const b = pending.create('save_checkpoint');
  assert.deepEqual([a.id, b.id], ['c1', 'c2']);
  assert.equal(pending.settle({ type: 'ack', id: 'c9', command: 'stop' }), false);
  assert.equal(
    pending.settle({ type: 'error', id: 'c2', message: 'disk full', fatal: false, hint: 'Free space.' }),
    true,
  );
  assert.equal(pending.settle({ type: 'ack', id: 'c1', command: 'pause' }), true);
  assert.equal((await a.answered).command, 'pause');
  await assert.rejects(
    b.answered,
    (err: CommandError) => /disk full/.test(err.message) && err.hint === 'Free space.',
  );
});

test('an unanswered command times out; rejectAll fails the rest', async () => {
  const pending = new PendingCommands(20);
  const slow = pending.create('stop');
  await assert.rejects(slow.answered, /did not answer 'stop' \(c1\) within 20 ms/);
  const orphan = pending.create('pause');
  pending.rejectAll('the trainer exited');
  await assert.rejects(orphan.answered, /the trainer exited/);
});

// RunControl against the fake trainer: each request settles when the trainer says it happened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PendingRequests } from '../../src/trainer/runControl';
import { PauseWithdrawn, RunControl } from '../../src/trainer/runControl';
import { TrainerSession } from '../../src/trainer/trainerSession';

const fake = fileURLToPath(new URL('fixtures/fakeTrainer.mjs', import.meta.url));

async function started(mode: string) {
  const session = new TrainerSession({ argv: [process.execPath, fake, mode], startTimeoutMs: 5_000 });
  const control = new RunControl(session);
  const pendings: PendingRequests[] = [];
  control.onDidChangePending((p) => pendings.push(p));
  await session.start();
  const done = async () => {
    await session.stop(2_000);
    control.dispose();
    session.dispose();
  };
  return { session, control, pendings, done };
}

test(
  'pause resolves once the trainer is paused; resume once it runs again',
  { timeout: 10_000 },
  async () => {
    const { session, control, done } = await started('ok');
    await control.pause();
    assert.equal(session.state, 'paused');
    await control.resume();
    assert.equal(session.state, 'running');
    await done();
  },
);

test('a pause stays pending until the step ends, then clears', { timeout: 10_000 }, async () => {
  const { session, control, pendings, done } = await started('slowSteps');
  const pausing = control.pause();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(control.pending.pause, true);
  assert.equal(session.state, 'running', 'the step is not over yet');
  await pausing;
  assert.equal(session.state, 'paused');
  assert.deepEqual(pendings, [
    { pause: true, save: false },
    { pause: false, save: false },
  ]);
  await done();
});

test(
  'resume before the step ends withdraws the pause: the run never pauses',
  { timeout: 10_000 },
  async () => {
    const { session, control, done } = await started('slowSteps');
    const pausing = control.pause();
    await new Promise((r) => setTimeout(r, 50));
    await control.resume();
    await assert.rejects(pausing, PauseWithdrawn);
    assert.equal(control.pending.pause, false);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(session.state, 'running');
    await done();
  },
);

test('saveCheckpoint resolves with the checkpoint the trainer wrote', { timeout: 10_000 }, async () => {
  const { control, pendings, done } = await started('ok');
  const saved = await control.saveCheckpoint();
  assert.equal(saved.path, '/tmp/r1/checkpoints/step-1');
  assert.deepEqual(pendings.at(-1), { pause: false, save: false });
  assert.equal(pendings[0]?.save, true);
  await done();
});

test('a request the trainer never completes fails when the trainer exits', { timeout: 10_000 }, async () => {
  const { control, done } = await started('crashMidRun');
  await assert.rejects(control.saveCheckpoint(), /exited|not answered/);
  assert.equal(control.pending.save, false);
  await done();
});

test(
  'a checkpoint saved before the ack (a periodic save) is not taken for ours',
  { timeout: 10_000 },
  async () => {
    const { control, done } = await started('periodicSave');
    const saved = await control.saveCheckpoint();
    assert.equal(saved.step, 1);
    assert.equal(saved.path, '/tmp/r1/checkpoints/step-1');
    await done();
  },
);

test('requests that would wait forever are refused at once', { timeout: 10_000 }, async () => {
  const { control, done } = await started('slowSteps');
  await assert.rejects(control.resume(), /not paused/);
  const pausing = control.pause();
  await assert.rejects(control.pause(), /already waiting/);
  await pausing;
  await assert.rejects(control.pause(), /the run is paused, not running/);
  const saving = control.saveCheckpoint();
  await assert.rejects(control.saveCheckpoint(), /already being saved/);
  await saving;
  await control.resume();
  await done();
});

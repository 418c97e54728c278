// The product's main path inside a real VS Code: Start Training streams rollouts that match the
// run directory, Stop Training stops the trainer (process gone) after writing a checkpoint.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { Rollout } from '../../../src/protocol/generated';
import { activateExtension, setSetting } from './extension';
import type { HostTest } from './harness';
import { checkpointDirs, isAlive, readRolloutLines } from './runDir';
import { waitUntil } from './wait';

/** What a user sees of a rollout in the list: the parts the file and the live stream must agree on. */
const summary = (rollout: Rollout) => ({ id: rollout.id, answer: rollout.answer, reward: rollout.reward });

export const trainingRunTest: HostTest = {
  name: 'Start Training streams rollouts that match rollouts.jsonl; Stop Training checkpoints and ends the trainer',
  timeoutMs: 420_000,
  async fn() {
    const api = await activateExtension();
    await setSetting('maxSteps', 3);
    await vscode.commands.executeCommand('searchr2.startTraining');

    const pid = await waitUntil('a trainer pid', () => api.trainerPid, 120_000);
    await waitUntil('the first rollouts', () => api.rollouts.length > 0, 300_000);
    const runDir = api.status.runDir;
    assert.ok(runDir, `status has no runDir: ${JSON.stringify(api.status)}`);

    // While running: what arrived so far is a prefix of the file, once the file has caught up.
    const seen = api.rollouts.map(summary);
    const fileSoFar = await waitUntil(
      `rollouts.jsonl to hold the ${seen.length} rollouts already received`,
      () => {
        const lines = readRolloutLines(runDir);
        return lines.length >= seen.length ? lines : undefined;
      },
      60_000,
    );
    assert.deepStrictEqual(fileSoFar.slice(0, seen.length).map(summary), seen);

    await vscode.commands.executeCommand('searchr2.stopTraining');
    await waitUntil(`state stopped (now ${api.status.state})`, () => api.status.state === 'stopped', 120_000);
    await waitUntil(`trainer pid ${pid} to be gone`, () => !isAlive(pid), 30_000);
    assert.equal(api.trainerPid, undefined, 'trainerPid is still set after the run stopped');

    // Stopped: the live list and the durable file agree line for line.
    assert.deepStrictEqual(api.rollouts.map(summary), readRolloutLines(runDir).map(summary));
    const checkpoints = checkpointDirs(runDir);
    assert.ok(checkpoints.length > 0, `no checkpoints/step-* in ${runDir}`);
  },
};

// Resume from Checkpoint on the run trainingRun.ts left stopped (so the suite trains once more,
// briefly, instead of starting a second run): the trainer restarts at the checkpoint's step,
// appends later steps' rollouts to the same run folder, and is gone after Stop Training.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { RunStatus } from '../../../src/protocol/webviewMessages';
import { trainerProcessesUnder } from '../trainerProcesses';
import { activateExtension } from './extension';
import type { HostTest } from './harness';
import { checkRegenerateFromStep } from './regenerate';
import { checkpointDirs, isAlive, readRolloutLines } from './runDir';
import { waitUntil } from './wait';

const stepOf = (name: string) => Number(/^step-(\d+)$/.exec(name)![1]);

export const resumeRunTest: HostTest = {
  name: 'Resume from Checkpoint continues the run in its folder from the checkpoint step; a rollout regenerates from step k into a diff; Stop leaves no trainer',
  timeoutMs: 300_000,
  async fn() {
    const api = await activateExtension();
    const runDir = api.status.runDir;
    assert.ok(
      runDir && api.status.state === 'stopped',
      `needs the stopped run of the training test: ${JSON.stringify(api.status)}`,
    );
    const newest = checkpointDirs(runDir).sort((a, b) => stepOf(b) - stepOf(a))[0];
    assert.ok(newest, `no checkpoints/step-* in ${runDir} to resume from`);
    const checkpointStep = stepOf(newest);
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')) as {
      train: { max_steps: number };
    };
    assert.ok(
      checkpointStep < config.train.max_steps,
      `step-${checkpointStep} is already the run's last step`,
    );

    const statuses: RunStatus[] = [];
    const subscription = api.onDidChangeStatus((status) => statuses.push({ ...status }));
    let pid: number | undefined;
    try {
      const resumed = await vscode.commands.executeCommand<boolean>(
        'searchr2.resumeFromCheckpoint',
        join(runDir, 'checkpoints', newest),
      );
      assert.equal(resumed, true, 'searchr2.resumeFromCheckpoint did not start a trainer');
      pid = await waitUntil('a trainer pid', () => api.trainerPid, 60_000);

      // run_started is the first status that names the run; it carries start_step as `step`.
      const started = await waitUntil(
        'run_started',
        () => statuses.find((s) => s.runId !== undefined),
        120_000,
      );
      assert.equal(
        started.step,
        checkpointStep,
        `run_started start_step is ${started.step}, the checkpoint's ${checkpointStep}`,
      );
      assert.equal(started.runDir, runDir, 'the resumed run writes to another folder');

      const later = await waitUntil(
        `a rollout of a step after ${checkpointStep} in ${runDir}/rollouts.jsonl`,
        () => {
          const after = readRolloutLines(runDir).filter((r) => r.step > checkpointStep);
          return after.length > 0 ? after : undefined;
        },
        180_000,
      );
      await waitUntil(
        'the inspector to receive the new rollouts',
        () => api.rollouts.some((r) => r.id === later[0]!.id),
        30_000,
      );
      assert.equal(api.status.runDir, runDir);
      await checkRegenerateFromStep(runDir, later);
    } finally {
      subscription.dispose();
      await vscode.commands.executeCommand('searchr2.stopTraining');
    }
    await waitUntil(`state stopped (now ${api.status.state})`, () => api.status.state === 'stopped', 120_000);
    await waitUntil(`trainer pid ${pid} to be gone`, () => !isAlive(pid!), 30_000);
    // Nothing of ours keeps a core busy: no `searchr2 train` under this test's temp folder.
    const workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.deepEqual(trainerProcessesUnder(dirname(workspace)), [], 'a trainer process is left after Stop');
  },
};

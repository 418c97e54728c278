// Open Run…: loads a past run's rollouts.jsonl into the inspector, read-only, without a trainer.
// Malformed lines are skipped and reported in one message; only an unreadable file is an error.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError, type ShowableLogger } from '../core/logger';
import type { InspectedRun } from '../panel/inspectedRun';
import { isActiveState } from '../trainer/runContextKeys';
import { showErrorWithLog, showWarningWithLog } from '../trainer/userMessages';
import { parseMetricsPoints } from './metricsSummary';
import { readRollouts, type LoadedRollouts } from './readRollouts';
import { isFile, ROLLOUTS_FILE } from './runFolder';

export class RunOpener {
  constructor(
    private readonly inspected: InspectedRun,
    private readonly logger: ShowableLogger,
    private readonly runsRoot: () => string,
  ) {}

  /** Asks for a run folder, starting in the runs folder. */
  async pickAndOpen(): Promise<boolean> {
    const picked = await vscode.window.showOpenDialog({
      title: 'Open a Search-R2 run folder (one with rollouts.jsonl)',
      openLabel: 'Open Run',
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(this.runsRoot()),
    });
    const folder = picked?.[0];
    return folder === undefined ? false : this.open(folder.fsPath);
  }

  async open(runDir: string): Promise<boolean> {
    const live = this.inspected.liveStatus;
    if (
      live.runDir !== undefined &&
      isActiveState(live.state) &&
      path.resolve(live.runDir) === path.resolve(runDir)
    ) {
      // The run being trained: follow it live rather than freeze a snapshot of its file.
      this.inspected.showLive();
      await vscode.commands.executeCommand('searchr2.openInspector');
      return true;
    }
    const file = path.join(runDir, ROLLOUTS_FILE);
    if (!(await isFile(file))) {
      void vscode.window.showErrorMessage(
        `Search-R2: ${runDir} is not a run folder: it has no ${ROLLOUTS_FILE}. Pick the folder of one run.`,
      );
      return false;
    }
    let loaded: LoadedRollouts;
    try {
      loaded = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Search-R2: opening ${path.basename(runDir)}…`,
        },
        () => readRollouts(file),
      );
    } catch (err) {
      this.logger.error(`could not read ${file}: ${describeError(err)}`);
      void showErrorWithLog(this.logger, `Search-R2: could not read ${file}: ${describeError(err)}`);
      return false;
    }
    const count = `${loaded.rollouts.length} rollout${loaded.rollouts.length === 1 ? '' : 's'}`;
    const skipped = loaded.skipped === 0 ? '' : `, ${loaded.skipped} malformed line(s) skipped`;
    this.inspected.showPast({
      runDir,
      runId: path.basename(runDir),
      rollouts: loaded.rollouts,
      // Charts are a bonus: a run without (readable) metrics still opens.
      metrics: parseMetricsPoints(await readFile(path.join(runDir, 'metrics.jsonl'), 'utf8').catch(() => '')),
      message: `Opened read-only: ${count}${skipped}.`,
    });
    if (loaded.skipped > 0) {
      this.logger.warn(
        `${file}: ${loaded.skipped} malformed line(s) skipped; first at ${loaded.firstProblem ?? '?'}`,
      );
      void showWarningWithLog(
        this.logger,
        `Search-R2: ${loaded.skipped} malformed line(s) in ${ROLLOUTS_FILE} were skipped (first at ${loaded.firstProblem ?? '?'}). ` +
          `The other ${count} are shown.`,
      );
    }
    await vscode.commands.executeCommand('searchr2.openInspector');
    return true;
  }
}

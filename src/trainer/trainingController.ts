// Owns the one trainer run of this window: starts it (trust, Python, run dir, handshake under a
// progress notification), stops it, and reports how it ended.
import * as vscode from 'vscode';
import { ContextKeys } from '../core/contextKeys';
import { Disposable } from '../core/disposable';
import { Emitter } from '../core/emitter';
import { describeError, type ShowableLogger } from '../core/logger';
import { buildResumeCommandLine, buildTrainCommandLine, parseExtraArgs } from './commandLine';
import { locatePython } from './pythonLocator';
import { pickRunChoice } from './runConfigPicker';
import { isActiveState, runContextKeys } from './runContextKeys';
import { RunControl } from './runControl';
import { createRunDir } from './runDirectory';
import type { RunModel, TrackOptions } from './runModel';
import { loadEarlierRun, newestCheckpoint, resumeTargetOf, type ResumeTarget } from './resumeTarget';
import { configuredRunsRoot } from './runsFolder';
import type { SessionEnd } from './sessionEnd';
import { TrainerSession, TrainerStartError } from './trainerSession';
import { showErrorWithLog, showWarningWithLog, tailForMessage } from './userMessages';

export const RESUME_LAST_CHECKPOINT = 'Resume from Last Checkpoint';

export class TrainingController extends Disposable {
  private session: TrainerSession | undefined;
  private control: RunControl | undefined;
  private readonly contextKeys = new ContextKeys();
  private readonly sessionEmitter = this._register(new Emitter<TrainerSession>());
  /** Each new trainer session, before it starts: label delivery follows its events from `hello` on. */
  readonly onDidCreateSession = this.sessionEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly model: RunModel,
    private readonly logger: ShowableLogger,
  ) {
    super();
    this._register(model.onDidChangeStatus(() => this.updateContextKeys()));
    this.updateContextKeys();
  }

  get trainerPid(): number | undefined {
    return this.session?.pid;
  }

  get isActive(): boolean {
    return this.session !== undefined && isActiveState(this.session.state);
  }

  /** Pause, resume and checkpoint requests to the active run; undefined when none runs. */
  get runControl(): RunControl | undefined {
    return this.isActive ? this.control : undefined;
  }

  /** Returns true when the run reached `run_started`. */
  async start(): Promise<boolean> {
    if (!this.mayLaunch()) return false;
    const config = vscode.workspace.getConfiguration('searchr2');
    const choice = await pickRunChoice(config.get<string>('preset', 'demo'));
    if (choice === undefined) return false;
    const { preset, configFile } = choice;

    const python = await locatePython(this.context, this.logger);
    if (python === undefined) return false;

    const maxSteps = config.get<number>('maxSteps', 50);
    const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    let argv: string[];
    let runDir: string;
    try {
      // Checked before the run dir is made, so a bad setting leaves no empty run behind.
      const extraArgs = parseExtraArgs(config.get<unknown>('extraTrainerArgs', []));
      buildTrainCommandLine({ python, preset, configFile, maxSteps, runDir: '', extraArgs });
      runDir = await createRunDir(configuredRunsRoot(this.context), new Date(), preset);
      argv = buildTrainCommandLine({ python, preset, configFile, maxSteps, runDir, extraArgs });
    } catch (err) {
      this.logger.error(`could not prepare the run: ${describeError(err)}`);
      void showErrorWithLog(this.logger, `Search-R2: could not prepare the run: ${describeError(err)}`);
      return false;
    }
    return this.launch(argv, { runDir, maxSteps }, workspaceFolder ?? runDir);
  }

  /** Continues a run from one of its checkpoints, in the same run folder; the inspector shows the
   *  run's rollouts up to the checkpoint, then the new ones. Returns true when it reached `run_started`. */
  async resume(checkpointDir: string): Promise<boolean> {
    if (!this.mayLaunch()) return false;
    let target: ResumeTarget;
    try {
      target = await resumeTargetOf(checkpointDir);
    } catch (err) {
      void vscode.window.showErrorMessage(`Search-R2: cannot resume: ${describeError(err)}.`);
      return false;
    }
    const python = await locatePython(this.context, this.logger);
    if (python === undefined) return false;
    const argv = buildResumeCommandLine({ python, checkpointDir: target.checkpointDir, runDir: target.runDir });
    const extra = vscode.workspace.getConfiguration('searchr2').get<unknown>('extraTrainerArgs', []);
    if (Array.isArray(extra) && extra.length > 0) {
      // The trainer takes the whole config from the checkpoint; overrides would contradict it.
      this.logger.info('resume: searchr2.extraTrainerArgs are not applied (the config comes from the checkpoint)');
    }
    const earlier = await loadEarlierRun(target);
    if (earlier.skipped > 0) this.logger.warn(`resume: ${earlier.skipped} malformed line(s) of the run's rollouts skipped`);
    const maxSteps = vscode.workspace.getConfiguration('searchr2').get<number>('maxSteps', 50);
    const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return this.launch(argv, { runDir: target.runDir, maxSteps, earlier }, workspaceFolder ?? target.runDir);
  }

  /** Graceful: the trainer checkpoints and exits; past the deadline its process group is killed. */
  async stop(graceMs?: number): Promise<void> {
    const session = this.session;
    if (session === undefined || !this.isActive) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Search-R2: stopping training' },
      () => session.stop(graceMs),
    );
  }

  /** For deactivate: a short deadline, then nothing of the trainer is left running. */
  async shutdown(graceMs: number): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    // A stop already under way may have a longer deadline; do not wait for it past ours.
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs + 1_000));
    try {
      await Promise.race([session.stop(graceMs, 1_000), deadline]);
    } finally {
      session.dispose(); // SIGKILLs whatever is left of the group
    }
  }

  override dispose(): void {
    this.control?.dispose();
    this.session?.dispose();
    super.dispose();
  }

  /** Refuses a second run, and any run in an untrusted workspace (it runs workspace code). */
  private mayLaunch(): boolean {
    if (this.isActive) {
      void vscode.window.showInformationMessage('Search-R2: a run is already active. Stop it before starting another.');
      return false;
    }
    if (!vscode.workspace.isTrusted) {
      // Not awaited: a notification's promise settles only when the user acts on it.
      void vscode.window
        .showErrorMessage(
          'Search-R2: starting a trainer runs code and settings from this workspace, so it is disabled in ' +
            'Restricted Mode. Trust the workspace to train.',
          'Manage Workspace Trust',
        )
        .then((choice) => choice !== undefined && vscode.commands.executeCommand('workbench.trust.manage'));
      return false;
    }
    return true;
  }

  private async launch(argv: string[], track: TrackOptions, cwd: string): Promise<boolean> {
    this.control?.dispose();
    this.session?.dispose();
    const session = new TrainerSession({
      argv,
      cwd,
      // Unbuffered, UTF-8 stdout: each event reaches the editor when it is printed, intact.
      env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
      logger: this.logger,
    });
    this.session = session;
    this.sessionEmitter.fire(session);
    this.control = new RunControl(session);
    this.control.onDidChangePending(() => this.updateContextKeys());
    this.model.track(session, track);
    session.onDidReceiveMalformedLine(({ count, error }) => {
      if (count === 1) {
        void showWarningWithLog(
          this.logger,
          `Search-R2: the trainer printed a line that is not a searchr2/1 event (${error}). It was skipped; ` +
            'further ones are only logged.',
        );
      }
    });
    session.onDidEnd((end) => void this.reportEnd(session, end));

    let cancelled = false;
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title:
            track.earlier === undefined
              ? 'Search-R2: starting training'
              : `Search-R2: resuming training from step ${track.earlier.step}`,
          cancellable: true,
        },
        (progress, token) => {
          token.onCancellationRequested(() => {
            cancelled = true;
            // A trainer still starting may not read stdin yet: do not wait the full checkpoint deadline.
            void session.stop(3_000);
          });
          session.onDidReceiveEvent((event) => {
            if (event.type === 'log' && event.level === 'info') progress.report({ message: event.message });
          });
          return session.start();
        },
      );
    } catch (err) {
      // Cancelled from the notification, or Stop Training while starting: the user knows.
      if (cancelled || session.state === 'stopped') {
        this.logger.info(`start cancelled: ${describeError(err)}`);
        return false;
      }
      const tail = err instanceof TrainerStartError ? err.stderrTail : session.stderrTail;
      this.logger.error(`the trainer did not start: ${describeError(err)}\n${tail.join('\n')}`);
      void showErrorWithLog(
        this.logger,
        `Search-R2: the trainer did not start. ${describeError(err)}${tailForMessage(tail)}`,
      );
      return false;
    }
    await vscode.commands.executeCommand('searchr2.openInspector');
    return true;
  }

  private async reportEnd(session: TrainerSession, end: SessionEnd): Promise<void> {
    // Failures before run_started are reported by launch(); this covers a run that was under way.
    const started = session.runStarted;
    if (end.state !== 'crashed' || started === undefined) return;
    this.logger.error(`training crashed: ${end.message}\n${end.stderrTail.join('\n')}`);
    const checkpoint = await newestCheckpoint(started.run_dir).catch(() => undefined);
    // What to do comes first, the evidence after: a long tail must not push the checkpoint out of view.
    const resumable = checkpoint === undefined ? '' : ` Its last checkpoint is at step ${checkpoint.step}.`;
    const message = `Search-R2: training crashed. ${end.message}${resumable}${tailForMessage(end.stderrTail, 2)}`;
    const resumeLabel = checkpoint === undefined ? undefined : RESUME_LAST_CHECKPOINT;
    const choice = await vscode.window.showErrorMessage(
      message,
      ...(resumeLabel === undefined ? [] : [resumeLabel]),
      'Show Log',
    );
    if (choice === 'Show Log') this.logger.show();
    else if (choice !== undefined && choice === resumeLabel && checkpoint !== undefined) {
      await this.resume(checkpoint.path);
    }
  }

  private updateContextKeys(): void {
    this.contextKeys.set(
      runContextKeys({
        state: this.model.status.state,
        capabilities: this.session?.hello?.capabilities,
        pending: this.control?.pending ?? { pause: false, save: false },
      }),
    );
  }
}

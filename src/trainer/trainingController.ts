// Owns the one trainer run of this window: starts it (trust, Python, run dir, handshake under a
// progress notification), stops it, and reports how it ended.
import * as vscode from 'vscode';
import { ContextKeys } from '../core/contextKeys';
import { Disposable } from '../core/disposable';
import { describeError, type ShowableLogger } from '../core/logger';
import { buildTrainCommandLine, parseExtraArgs } from './commandLine';
import { locatePython } from './pythonLocator';
import { pickRunChoice } from './runConfigPicker';
import { isActiveState, runContextKeys } from './runContextKeys';
import { RunControl } from './runControl';
import { createRunDir } from './runDirectory';
import type { RunModel } from './runModel';
import { configuredRunsRoot } from './runsFolder';
import type { SessionEnd } from './sessionEnd';
import { TrainerSession, TrainerStartError } from './trainerSession';
import { showErrorWithLog, showWarningWithLog, tailForMessage } from './userMessages';

export class TrainingController extends Disposable {
  private session: TrainerSession | undefined;
  private control: RunControl | undefined;
  private readonly contextKeys = new ContextKeys();

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
    return this.launch(argv, runDir, maxSteps, workspaceFolder ?? runDir);
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

  private async launch(argv: string[], runDir: string, maxSteps: number, cwd: string): Promise<boolean> {
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
    this.control = new RunControl(session);
    this.control.onDidChangePending(() => this.updateContextKeys());
    this.model.track(session, { runDir, maxSteps });
    session.onDidReceiveMalformedLine(({ count, error }) => {
      if (count === 1) {
        void showWarningWithLog(
          this.logger,
          `Search-R2: the trainer printed a line that is not a searchr2/1 event (${error}). It was skipped; ` +
            'further ones are only logged.',
        );
      }
    });
    session.onDidEnd((end) => this.reportEnd(session, end));

    let cancelled = false;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Search-R2: starting training', cancellable: true },
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

  private reportEnd(session: TrainerSession, end: SessionEnd): void {
    // Failures before run_started are reported by launch(); this covers a run that was under way.
    if (end.state !== 'crashed' || session.runStarted === undefined) return;
    this.logger.error(`training crashed: ${end.message}\n${end.stderrTail.join('\n')}`);
    void showErrorWithLog(this.logger, `Search-R2: training crashed. ${end.message}${tailForMessage(end.stderrTail)}`);
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

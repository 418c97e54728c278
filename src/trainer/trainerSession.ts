// One trainer process and the searchr2/1 conversation with it: handshake, events, commands with
// acknowledgements, and a graceful stop. Imports no `vscode`, so it is tested with a fake trainer.
import { Disposable } from '../core/disposable';
import { Emitter } from '../core/emitter';
import { describeError, silentLogger, type Logger } from '../core/logger';
import { spawnProcessGroup, stopProcessGroup, type ExitInfo, type SupervisedProcess } from '../core/processGroup';
import { RingBuffer } from '../core/ringBuffer';
import type {
  AckEvent,
  Command,
  CommandName,
  ErrorEvent,
  Event,
  HelloEvent,
  Label,
  RunStartedEvent,
  StoppedEvent,
} from '../protocol/generated';
import { parseEvent, PROTOCOL_VERSION, serializeCommand } from '../protocol/validate';
import type { RunState } from '../protocol/webviewMessages';
import { CommandError, PendingCommands } from './pendingCommands';
import { describeEnd, TrainerStartError, type SessionEnd } from './sessionEnd';
import { attachTrainerOutput } from './trainerOutput';

export { TrainerStartError } from './sessionEnd';

export interface TrainerSessionOptions {
  argv: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Until `hello` and `run_started`; any valid line restarts it (the trainer may build caches first). */
  startTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** How long a requested stop may take (it saves a checkpoint) before SIGTERM. */
  stopGraceMs?: number;
  /** Between SIGTERM and SIGKILL. */
  termGraceMs?: number;
  maxLineLength?: number;
}

export interface MalformedLine {
  line: string;
  error: string;
  /** How many malformed lines this run has had so far, this one included. */
  count: number;
}

export class TrainerSession extends Disposable {
  private readonly stateEmitter = this._register(new Emitter<RunState>());
  private readonly eventEmitter = this._register(new Emitter<Event>());
  private readonly malformedEmitter = this._register(new Emitter<MalformedLine>());
  private readonly endEmitter = this._register(new Emitter<SessionEnd>());
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidReceiveEvent = this.eventEmitter.event;
  readonly onDidReceiveMalformedLine = this.malformedEmitter.event;
  readonly onDidEnd = this.endEmitter.event;

  private readonly logger: Logger;
  private readonly pending: PendingCommands;
  private readonly stderrLines = new RingBuffer<string>(30);
  private proc: SupervisedProcess | undefined;
  private _state: RunState = 'idle';
  private _hello: HelloEvent | undefined;
  private _runStarted: RunStartedEvent | undefined;
  private stoppedEvent: StoppedEvent | undefined;
  private fatalError: ErrorEvent | undefined;
  private startFailure: string | undefined;
  private stopRequested = false;
  private stopping: Promise<void> | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private startDeferred: { resolve: (v: RunStartedEvent) => void; reject: (e: Error) => void } | undefined;
  private malformedCount = 0;
  private ended!: Promise<SessionEnd>;

  constructor(private readonly options: TrainerSessionOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.pending = new PendingCommands(options.commandTimeoutMs ?? 30_000);
  }

  get state(): RunState {
    return this._state;
  }
  get pid(): number | undefined {
    return this.proc !== undefined && !this.proc.hasExited ? this.proc.pid : undefined;
  }
  get hello(): HelloEvent | undefined {
    return this._hello;
  }
  get runStarted(): RunStartedEvent | undefined {
    return this._runStarted;
  }
  get stderrTail(): string[] {
    return this.stderrLines.toArray();
  }
  get malformedLines(): number {
    return this.malformedCount;
  }

  /** Spawns the trainer; resolves on `run_started` after a valid `hello`, rejects once it has exited. */
  start(): Promise<RunStartedEvent> {
    if (this.proc !== undefined) throw new Error('TrainerSession.start() may be called once');
    this.setState('starting');
    const started = new Promise<RunStartedEvent>((resolve, reject) => {
      this.startDeferred = { resolve, reject };
    });
    this.logger.info(`starting trainer: ${JSON.stringify(this.options.argv)}`);
    const proc = spawnProcessGroup(this.options.argv, { cwd: this.options.cwd, env: this.options.env });
    this.proc = proc;
    this.wireOutput(proc);
    this.ended = proc.exited.then((exit) => this.handleExit(exit));
    this.restartStartTimer();
    return started;
  }

  /** Sends a command; resolves on its `ack`, rejects on an `error` with its id or on timeout. */
  sendCommand(type: Exclude<CommandName, 'label' | 'regenerate'>): Promise<AckEvent> {
    return this.send(type, (id) => ({ type, id }) as Command);
  }

  /**
   * Sends one human label; resolves on the command's `ack` (the `label_ack` with the label's id
   * follows as an event). Rejects like sendCommand, e.g. for a trainer that does not take labels.
   */
  sendLabel(label: Label): Promise<AckEvent> {
    return this.send('label', (id) => ({ type: 'label', id, label }));
  }

  /**
   * Asks for rollout `rolloutId` regenerated from step `step`. `id` (undefined when nothing was
   * sent) names the `regenerated` or `regenerate_failed` event that answers it after the ack.
   */
  sendRegenerate(rolloutId: string, step: number): { id: string | undefined; acked: Promise<AckEvent> } {
    return this.dispatch('regenerate', (id) => ({ type: 'regenerate', id, rollout_id: rolloutId, step }));
  }

  private send(type: CommandName, build: (id: string) => Command): Promise<AckEvent> {
    return this.dispatch(type, build).acked;
  }

  private dispatch(
    type: CommandName,
    build: (id: string) => Command,
  ): { id: string | undefined; acked: Promise<AckEvent> } {
    const proc = this.proc;
    if (proc === undefined || proc.hasExited) {
      return { id: undefined, acked: Promise.reject(new CommandError('no trainer is running')) };
    }
    if (this._hello !== undefined && !this._hello.capabilities.includes(type)) {
      return { id: undefined, acked: Promise.reject(new CommandError(`this trainer does not support '${type}'`)) };
    }
    const { id, answered } = this.pending.create(type);
    const line = serializeCommand(build(id));
    this.logger.trace(`→ trainer: ${line.trimEnd()}`);
    proc.child.stdin.write(line);
    return { id, acked: answered };
  }

  /** Asks the trainer to stop (it checkpoints first); past the deadline SIGTERM, then SIGKILL, its group. */
  stop(graceMs = this.options.stopGraceMs ?? 15_000, termMs = this.options.termGraceMs ?? 3_000): Promise<void> {
    const proc = this.proc;
    if (proc === undefined || proc.hasExited) return Promise.resolve();
    this.stopping ??= (async () => {
      this.stopRequested = true;
      this.setState('stopping');
      const requestStop = (): void => {
        this.sendCommand('stop').catch((err: unknown) => this.logger.warn(`stop: ${describeError(err)}`));
      };
      const outcome = await stopProcessGroup(proc, { requestStop, graceMs, termMs });
      if (outcome !== 'exited') this.logger.warn(`the trainer did not stop within ${graceMs} ms: ${outcome}`);
      await this.ended;
    })();
    return this.stopping;
  }

  override dispose(): void {
    // Last resort (the owner should have awaited stop()): never leave the process group behind.
    if (this.proc !== undefined && !this.proc.hasExited) this.proc.signalGroup('SIGKILL');
    this.clearStartTimer();
    this.pending.rejectAll('the session was disposed');
    super.dispose();
  }

  private wireOutput(proc: SupervisedProcess): void {
    attachTrainerOutput(proc, this.options.maxLineLength ?? 8 * 1024 * 1024, {
      onProtocolLine: (line) => this.handleLine(line),
      onOversizedLine: (prefix, error) => this.reportMalformed(prefix, error),
      onStderrLine: (line) => {
        this.stderrLines.push(line);
        this.logger.info(`[trainer] ${line}`);
      },
      onStdinError: (err) => this.logger.warn(`trainer stdin: ${err.message}`),
    });
  }

  private handleLine(line: string): void {
    if (line.trim().length === 0) return;
    const parsed = parseEvent(line);
    if (!parsed.ok) return this.reportMalformed(line, parsed.error);
    const event = parsed.event;
    if (this._state === 'starting') this.restartStartTimer();
    if (this._hello === undefined && event.type !== 'hello' && event.type !== 'log' && event.type !== 'error') {
      return this.failStart(`the trainer sent '${event.type}' before 'hello'; is it a ${PROTOCOL_VERSION} trainer?`);
    }
    this.applyEvent(event);
    this.eventEmitter.fire(event);
  }

  private applyEvent(event: Event): void {
    switch (event.type) {
      case 'hello':
        this._hello = event;
        if (event.protocol !== PROTOCOL_VERSION) {
          this.failStart(
            `The trainer speaks protocol '${event.protocol}' but this extension speaks '${PROTOCOL_VERSION}'. ` +
              'Update the extension or the trainer (pip install ./trainer) so both match.',
          );
        }
        return;
      case 'run_started':
        this._runStarted = event;
        this.clearStartTimer();
        // Asked to stop while starting: stay 'stopping'; start() then rejects when the trainer exits.
        if (this.stopRequested) return;
        this.setState('running');
        this.startDeferred?.resolve(event);
        this.startDeferred = undefined;
        return;
      case 'paused':
        if (this._state === 'running') this.setState('paused');
        return;
      case 'resumed':
        if (this._state === 'paused') this.setState('running');
        return;
      case 'stopped':
        this.stoppedEvent = event;
        return;
      case 'ack':
        this.pending.settle(event);
        return;
      case 'error':
        return this.handleError(event);
      case 'log':
        return this.logTrainerMessage(event.level, event.message);
      default:
        return;
    }
  }

  private handleError(event: ErrorEvent): void {
    if (this.pending.settle(event)) return;
    const hint = event.hint === undefined ? '' : ` (hint: ${event.hint})`;
    if (event.fatal) {
      this.fatalError = event;
      this.logger.error(`trainer fatal error: ${event.message}${hint}`);
    } else {
      this.logger.warn(`trainer error: ${event.message}${hint}`);
    }
  }

  private logTrainerMessage(level: 'debug' | 'info' | 'warning' | 'error', message: string): void {
    if (level === 'debug') this.logger.trace(`[trainer] ${message}`);
    else if (level === 'info') this.logger.info(`[trainer] ${message}`);
    else this.logger.warn(`[trainer] ${message}`);
  }

  private reportMalformed(line: string, error: string): void {
    this.malformedCount += 1;
    this.logger.warn(`malformed line from the trainer (${error}): ${line.slice(0, 2000)}`);
    this.malformedEmitter.fire({ line, error, count: this.malformedCount });
  }

  /** Gives up on a trainer that cannot be talked to; start() rejects once it has exited. */
  private failStart(message: string): void {
    if (this.startFailure !== undefined || this.proc === undefined) return;
    this.startFailure = message;
    this.clearStartTimer();
    this.logger.error(message);
    void stopProcessGroup(this.proc, { graceMs: 0, termMs: this.options.termGraceMs ?? 3_000 });
  }

  private handleExit(exit: ExitInfo): SessionEnd {
    this.clearStartTimer();
    this.pending.rejectAll('the trainer exited');
    const { state, message } = describeEnd({
      exit,
      startFailure: this.startFailure,
      fatalError: this.fatalError,
      stopped: this.stoppedEvent,
      stopRequested: this.stopRequested,
      program: this.options.argv[0] ?? 'the trainer',
    });
    const end: SessionEnd = { state, message, code: exit.code, signal: exit.signal, stderrTail: this.stderrTail };
    this.logger.info(`trainer exited (code ${String(exit.code)}, signal ${String(exit.signal)}): ${message}`);
    if (this.startDeferred !== undefined) {
      // It never reached run_started: whatever the reason, the start failed.
      const why = state === 'stopped' && this.startFailure === undefined ? 'Start cancelled.' : message;
      this.startDeferred.reject(new TrainerStartError(why, end.stderrTail));
      this.startDeferred = undefined;
    }
    this.setState(state);
    this.endEmitter.fire(end);
    return end;
  }

  private restartStartTimer(): void {
    this.clearStartTimer();
    const ms = this.options.startTimeoutMs ?? 60_000;
    this.startTimer = setTimeout(() => {
      const awaited = this._hello === undefined ? "'hello'" : "'run_started'";
      this.failStart(`The trainer sent no ${awaited} within ${Math.round(ms / 1000)} s.`);
    }, ms);
  }

  private clearStartTimer(): void {
    if (this.startTimer !== undefined) clearTimeout(this.startTimer);
    this.startTimer = undefined;
  }

  private setState(state: RunState): void {
    if (state === this._state) return;
    this._state = state;
    this.stateEmitter.fire(state);
  }
}

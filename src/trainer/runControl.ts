// Pause, resume and save-checkpoint requests to a running trainer. The trainer acks at once but
// acts between steps (a GPU step can take minutes), so each request stays pending until the event
// that says it happened: `paused`, `resumed`, `checkpoint_saved`.
import { Disposable, type IDisposable } from '../core/disposable';
import { Emitter } from '../core/emitter';
import type { AckEvent, CheckpointSavedEvent, CommandName, Event } from '../protocol/generated';
import type { RunState } from '../protocol/webviewMessages';
import { CommandError } from './pendingCommands';
import type { SessionEnd } from './sessionEnd';

/** What RunControl needs from a session; TrainerSession provides it. */
export interface ControlTarget {
  readonly state: RunState;
  sendCommand(type: CommandName): Promise<AckEvent>;
  onDidReceiveEvent(listener: (event: Event) => void): IDisposable;
  onDidEnd(listener: (end: SessionEnd) => void): IDisposable;
}

/** A pause still waiting for its step to end was called off by Resume: not a failure. */
export class PauseWithdrawn extends CommandError {
  constructor() {
    super('the pause was withdrawn by resume');
  }
}

export interface PendingRequests {
  pause: boolean;
  save: boolean;
}

interface Waiter {
  command: CommandName;
  type: Event['type'];
  /** Set by the command's ack: a `checkpoint_saved` before it (a periodic save) is not ours. */
  armed: boolean;
  resolve: (event: Event) => void;
  reject: (err: Error) => void;
}

export class RunControl extends Disposable {
  private readonly changeEmitter = this._register(new Emitter<PendingRequests>());
  /** Fires when a request starts or settles, so command enablement can follow. */
  readonly onDidChangePending = this.changeEmitter.event;
  private readonly waiters = new Set<Waiter>();
  private _pending: PendingRequests = { pause: false, save: false };

  constructor(private readonly target: ControlTarget) {
    super();
    this._register(target.onDidReceiveEvent((event) => this.settle(event)));
    this._register(target.onDidEnd(() => this.rejectAll('the trainer exited')));
  }

  get pending(): PendingRequests {
    return this._pending;
  }

  /** Resolves once the trainer has paused (at the end of its current step). */
  async pause(): Promise<void> {
    // A second pause, or one while paused, would wait for a `paused` the trainer never sends again.
    if (this.target.state !== 'running') throw new CommandError(`the run is ${this.target.state}, not running`);
    if (this._pending.pause) throw new CommandError('a pause is already waiting for the current step to end');
    await this.request('pause', 'paused', 'pause');
  }

  /** Resumes a paused run; a pause still waiting for its step to end is simply withdrawn. */
  async resume(): Promise<void> {
    if (this.target.state !== 'paused' && !this._pending.pause) throw new CommandError('the run is not paused');
    if (!this._pending.pause) {
      await this.request('resume', 'resumed');
      return;
    }
    await this.target.sendCommand('resume');
    // The trainer clears its pause flag and never reaches `paused`: the pause request is over.
    this.rejectWaiters('paused', new PauseWithdrawn());
    this.setPending({ pause: false });
  }

  /** Resolves with the saved checkpoint once the trainer has written it. */
  async saveCheckpoint(): Promise<CheckpointSavedEvent> {
    if (this._pending.save) throw new CommandError('a checkpoint is already being saved');
    const event = await this.request('save_checkpoint', 'checkpoint_saved', 'save');
    return event as CheckpointSavedEvent;
  }

  override dispose(): void {
    this.rejectAll('the run control was disposed');
    super.dispose();
  }

  private async request(command: CommandName, until: Event['type'], flag?: keyof PendingRequests): Promise<Event> {
    // Waiting starts before sending: the event may follow the ack within the same chunk.
    const happened = new Promise<Event>((resolve, reject) =>
      this.waiters.add({ command, type: until, armed: false, resolve, reject }),
    );
    if (flag !== undefined) this.setPending({ [flag]: true });
    try {
      await this.target.sendCommand(command);
      return await happened;
    } catch (err) {
      this.rejectWaiters(until, err instanceof Error ? err : new Error(String(err)));
      throw err;
    } finally {
      if (flag !== undefined) this.setPending({ [flag]: false });
      happened.catch(() => undefined);
    }
  }

  private settle(event: Event): void {
    for (const waiter of [...this.waiters]) {
      // Events arrive in order, and the trainer acks a command before acting on it.
      if (event.type === 'ack' && event.command === waiter.command) waiter.armed = true;
      if (waiter.type !== event.type || !waiter.armed) continue;
      this.waiters.delete(waiter);
      waiter.resolve(event);
    }
  }

  private rejectWaiters(type: Event['type'], err: Error): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.type !== type) continue;
      this.waiters.delete(waiter);
      waiter.reject(err);
    }
  }

  private rejectAll(reason: string): void {
    for (const waiter of this.waiters) waiter.reject(new CommandError(reason));
    this.waiters.clear();
  }

  private setPending(patch: Partial<PendingRequests>): void {
    const next = { ...this._pending, ...patch };
    if (next.pause === this._pending.pause && next.save === this._pending.save) return;
    this._pending = next;
    this.changeEmitter.fire(next);
  }
}

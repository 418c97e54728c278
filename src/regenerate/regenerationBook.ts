// Regenerate from step k: the requests this window made of the live trainer and their answers, plus
// those a run folder's regenerations.jsonl keeps from earlier. Imports no `vscode`, so it is tested
// with a fake session. A request is sent only to the trainer of the run the rollout belongs to, waits
// for its ack, then for the `regenerated` or `regenerate_failed` event with its command id (served
// between training steps: it may take as long as a step).
import { Disposable, type IDisposable } from '../core/disposable';
import { Emitter } from '../core/emitter';
import type {
  AckEvent,
  Event,
  RegeneratedEvent,
  RegenerateFailedEvent,
  RunStartedEvent,
} from '../protocol/generated';
import type { RegenerationsState, RegenerationView } from '../protocol/webviewMessages';
import type { SessionEnd } from '../trainer/sessionEnd';

/** What the book needs of a trainer session; TrainerSession provides it. */
export interface RegenerateTarget {
  readonly runStarted: RunStartedEvent | undefined;
  readonly hello: { capabilities: readonly string[] } | undefined;
  sendRegenerate(rolloutId: string, step: number): { id: string | undefined; acked: Promise<AckEvent> };
  onDidReceiveEvent(listener: (event: Event) => void): IDisposable;
  onDidEnd(listener: (end: SessionEnd) => void): IDisposable;
}

export interface Regeneration {
  /** Unique in this window: the session's serial and the command id, or the saved line's number. */
  key: string;
  runId: string;
  rolloutId: string;
  fromStep: number;
  state: 'waiting' | 'done' | 'failed';
  /** Why it failed, in words. */
  message?: string;
  result?: RegeneratedEvent;
}

export class RegenerationError extends Error {}

export class RegenerationBook extends Disposable {
  private readonly changeEmitter = this._register(new Emitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  private readonly entries = new Map<string, Regeneration>();
  private session: { target: RegenerateTarget; serial: number; listeners: IDisposable[] } | undefined;
  private serial = 0;
  /** Command id → entry key, for the live session's requests still waiting. */
  private readonly waiting = new Map<string, { key: string; settle: (entry: Regeneration) => void }>();

  /** Follows a new trainer session; the previous one's waiting requests have failed with it. */
  follow(target: RegenerateTarget): void {
    this.unfollow('the trainer was replaced by a new run');
    const serial = ++this.serial;
    const listeners = [
      target.onDidReceiveEvent((event) => this.receive(event)),
      target.onDidEnd(() => this.unfollow('the trainer exited before it regenerated')),
    ];
    this.session = { target, serial, listeners };
    this.changeEmitter.fire();
  }

  /** Why the live trainer cannot regenerate rollouts of `runId`, or undefined when it can. */
  unavailableReason(runId: string | undefined): string | undefined {
    const target = this.session?.target;
    const live = target?.runStarted;
    if (target === undefined || live === undefined)
      return 'Regenerating needs a running training: start or resume one.';
    if (runId !== live.run_id)
      return `Only the running training (${live.run_id}) can regenerate, and this rollout is from another run.`;
    if (target.hello !== undefined && !target.hello.capabilities.includes('regenerate'))
      return 'This trainer cannot regenerate (its hello does not offer it): update the trainer.';
    return undefined;
  }

  /**
   * Sends the request and resolves with its entry once answered (done or failed). Rejects with a
   * RegenerationError when nothing could be asked (no live trainer of that run, or it refused).
   */
  async request(runId: string, rolloutId: string, fromStep: number): Promise<Regeneration> {
    const reason = this.unavailableReason(runId);
    const session = this.session;
    if (reason !== undefined || session === undefined) throw new RegenerationError(reason ?? 'no trainer');
    const { id, acked } = session.target.sendRegenerate(rolloutId, fromStep);
    if (id === undefined) {
      const why = await acked.then(
        () => 'the request was not sent',
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      throw new RegenerationError(why);
    }
    const key = `s${session.serial}-${id}`;
    const entry: Regeneration = { key, runId, rolloutId, fromStep, state: 'waiting' };
    // Registered before the ack is awaited: the answer may follow the ack in the same chunk.
    const answered = new Promise<Regeneration>((settle) => this.waiting.set(id, { key, settle }));
    this.entries.set(key, entry);
    this.changeEmitter.fire();
    try {
      await acked;
    } catch (err) {
      this.waiting.delete(id);
      this.entries.delete(key); // refused: nothing was queued, so nothing to keep
      this.changeEmitter.fire();
      const hint = (err as { hint?: unknown }).hint;
      const message = err instanceof Error ? err.message : String(err);
      throw new RegenerationError(typeof hint === 'string' ? `${message} ${hint}` : message);
    }
    return answered;
  }

  /** Regenerations saved in a run folder's regenerations.jsonl (valid lines, in order). */
  loadSaved(runId: string, events: readonly RegeneratedEvent[]): void {
    for (const key of [...this.entries.keys()])
      if (key.startsWith(`saved:${runId}:`)) this.entries.delete(key);
    const live = new Set(
      [...this.entries.values()]
        .filter((e) => e.result !== undefined)
        .map((e) => resultKey(runId, e.result!)),
    );
    events.forEach((event, line) => {
      // This window's own answers are in the file too: keep one of each.
      if (live.has(resultKey(runId, event))) return;
      const key = `saved:${runId}:${line + 1}`;
      this.entries.set(key, {
        key,
        runId,
        rolloutId: event.rollout_id,
        fromStep: event.from_step,
        state: 'done',
        result: event,
      });
    });
    this.changeEmitter.fire();
  }

  get(key: string): Regeneration | undefined {
    return this.entries.get(key);
  }

  forRun(runId: string | undefined): Regeneration[] {
    return [...this.entries.values()].filter((entry) => entry.runId === runId);
  }

  /** What the inspector shows for run `runId`: whether it can ask, and every regeneration of it. */
  stateFor(runId: string | undefined): RegenerationsState {
    const reason = this.unavailableReason(runId);
    return {
      runId,
      available: reason === undefined,
      ...(reason === undefined ? {} : { reason }),
      entries: this.forRun(runId).map(toView),
    };
  }

  override dispose(): void {
    this.unfollow('the extension is shutting down');
    super.dispose();
  }

  private receive(event: Event): void {
    if (event.type !== 'regenerated' && event.type !== 'regenerate_failed') return;
    const waiter = this.waiting.get(event.id);
    const entry = waiter === undefined ? undefined : this.entries.get(waiter.key);
    if (waiter === undefined || entry === undefined) return; // another window's, or already settled
    this.waiting.delete(event.id);
    if (event.type === 'regenerated') {
      entry.state = 'done';
      entry.result = event;
    } else {
      entry.state = 'failed';
      entry.message = failureText(event);
    }
    this.changeEmitter.fire();
    waiter.settle(entry);
  }

  private unfollow(reason: string): void {
    const session = this.session;
    if (session === undefined) return;
    this.session = undefined;
    for (const listener of session.listeners) listener.dispose();
    for (const [id, waiter] of this.waiting) {
      const entry = this.entries.get(waiter.key);
      this.waiting.delete(id);
      if (entry === undefined) continue;
      entry.state = 'failed';
      entry.message = reason;
      waiter.settle(entry);
    }
    if (!this.isDisposed) this.changeEmitter.fire();
  }
}

function resultKey(runId: string, event: RegeneratedEvent): string {
  return `${runId}\u0000${event.rollout_id}\u0000${event.from_step}\u0000${event.seed}\u0000${event.policy_step}`;
}

function failureText(event: RegenerateFailedEvent): string {
  return event.reason === 'stopped'
    ? `The run stopped first: ${event.message}.`
    : `It failed: ${event.message}.`;
}

function toView(entry: Regeneration): RegenerationView {
  const result = entry.result;
  return {
    key: entry.key,
    rolloutId: entry.rolloutId,
    fromStep: entry.fromStep,
    state: entry.state,
    ...(entry.message === undefined ? {} : { message: entry.message }),
    ...(result === undefined
      ? {}
      : {
          policyStep: result.policy_step,
          answer: result.answer,
          em: result.em,
          reward: result.reward,
          steps: result.kept_turns.length + result.turns.length,
        }),
  };
}

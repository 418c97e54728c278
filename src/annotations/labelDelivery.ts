// Delivery of human labels to the running trainer. A label is already durable in the store when it
// gets here; it is written to the trainer (marked sent), and the trainer's `label_ack` and
// `label_applied` move it on to acknowledged and applied. When a trainer (re)connects, every label of
// its run it has not acknowledged is sent again, and a resume from step S takes back "applied" from
// the labels applied after S (the resumed trainer applies them again). A trainer that does not take labels is a state to
// show, not an error: the labels stay unacknowledged until one that does connects.
import { Disposable, type IDisposable } from '../core/disposable';
import { Emitter } from '../core/emitter';
import { describeError, type Logger } from '../core/logger';
import type { AckEvent, Event, Label } from '../protocol/generated';
import type { AnnotationStore } from './annotationStore';
import type { Annotation } from './generated';
import { toLabel } from './labelMessage';

/** What delivery needs of a trainer session; TrainerSession provides it. */
export interface LabelTarget {
  readonly hello: { capabilities: readonly string[] } | undefined;
  readonly runStarted: { run_id: string } | undefined;
  sendLabel(label: Label): Promise<AckEvent>;
  onDidReceiveEvent(listener: (event: Event) => void): IDisposable;
  onDidEnd(listener: (end: unknown) => void): IDisposable;
}

const refusedLabels = (message: string): boolean =>
  /does not (take|support)[^.]*label|unknown command/i.test(message);

export class LabelDelivery extends Disposable {
  private readonly statusEmitter = this._register(new Emitter<string | undefined>());
  /** A one-line account of delivery for the inspector, or undefined when there is nothing to say. */
  readonly onDidChangeStatus = this.statusEmitter.event;
  private target: LabelTarget | undefined;
  private targetListeners: IDisposable[] = [];
  /** Set once the connected trainer refused a label: the rest wait for the next trainer. */
  private refused = false;
  private _status: string | undefined;

  constructor(
    private readonly store: () => AnnotationStore | undefined,
    private readonly logger: Logger,
  ) {
    super();
    this._register({ dispose: () => this.detach() });
  }

  get status(): string | undefined {
    return this._status;
  }

  /** The run id of the connected trainer, once it has sent `run_started`. */
  get connectedRunId(): string | undefined {
    return this.target?.runStarted?.run_id;
  }

  /** Follows a new trainer session from its first event; the previous one is let go. */
  attach(target: LabelTarget): void {
    this.detach();
    this.target = target;
    this.refused = false;
    this.setStatus(undefined);
    this.targetListeners = [
      target.onDidReceiveEvent((event) => void this.onEvent(event)),
      target.onDidEnd(() => {
        if (this.target === target) this.detach();
      }),
    ];
  }

  /** Sends this label's current version, when a trainer of its run is connected. */
  async send(annotation: Annotation): Promise<void> {
    await this.sendAll([annotation]);
  }

  /** Tells the trainer a label is gone (an undone label): a label with no fields withdraws it. */
  async withdraw(annotation: Annotation): Promise<void> {
    const target = this.usableTarget(annotation.run_id);
    if (target === undefined) return;
    const label: Label = { id: annotation.id, rollout_id: annotation.rollout_id, step: annotation.step };
    await target.sendLabel(label).catch((err: unknown) => this.failed(err));
  }

  private detach(): void {
    for (const listener of this.targetListeners) listener.dispose();
    this.targetListeners = [];
    this.target = undefined;
  }

  private async onEvent(event: Event): Promise<void> {
    const store = this.store();
    if (store === undefined || store.readOnly) return;
    try {
      if (event.type === 'run_started') {
        // A resume: what was applied after its checkpoint is not in the weights any more.
        const lost = await store.unapplyAfter(event.run_id, event.start_step ?? 0);
        if (lost.length > 0)
          this.logger.info(
            `labels: ${lost.length} label(s) applied after step ${event.start_step ?? 0} wait to be applied again`,
          );
        await this.resend(event.run_id);
      } else if (event.type === 'label_ack') await store.markAcked(event.id);
      else if (event.type === 'label_applied') await store.markApplied(event.ids, event.step);
    } catch (err) {
      this.logger.warn(`labels: could not record '${event.type}': ${describeError(err)}`);
    }
  }

  /** Everything of this run no trainer has acknowledged yet, oldest first. */
  private async resend(runId: string): Promise<void> {
    const store = this.store();
    if (store === undefined) return;
    const waiting = store.unacknowledged().filter((a) => a.run_id === runId);
    if (waiting.length > 0)
      this.logger.info(`labels: sending ${waiting.length} unacknowledged label(s) of run ${runId}`);
    await this.sendAll(waiting);
  }

  private async sendAll(annotations: readonly Annotation[]): Promise<void> {
    const store = this.store();
    if (store === undefined || store.readOnly) return;
    const sends: Promise<unknown>[] = [];
    const sent: string[] = [];
    for (const annotation of annotations) {
      const target = this.usableTarget(annotation.run_id);
      if (target === undefined) continue;
      // Written to the trainer's stdin before this returns; the answer comes later.
      sends.push(target.sendLabel(toLabel(annotation)).catch((err: unknown) => this.failed(err)));
      sent.push(annotation.id);
    }
    if (sent.length === 0) return;
    await store.markSent(sent);
    await Promise.all(sends);
  }

  private usableTarget(runId: string): LabelTarget | undefined {
    const target = this.target;
    if (target === undefined || this.refused || target.runStarted?.run_id !== runId) return undefined;
    if (target.hello !== undefined && !target.hello.capabilities.includes('label')) {
      // Said so in its hello: nothing is written to it, so nothing is marked sent.
      this.failed(new Error("this trainer does not support 'label'"));
      return undefined;
    }
    return target;
  }

  private failed(err: unknown): void {
    const message = describeError(err);
    if (refusedLabels(message)) {
      if (!this.refused) this.logger.info(`labels: ${message}`);
      this.refused = true;
      this.setStatus(
        'This trainer does not take labels: they are saved here and will be sent to a trainer of this run that does.',
      );
      return;
    }
    this.logger.warn(`labels: not delivered: ${message}`);
    this.setStatus(`Labels not delivered (${message}); they will be sent again when the trainer reconnects.`);
  }

  private setStatus(status: string | undefined): void {
    if (status === this._status) return;
    this._status = status;
    this.statusEmitter.fire(status);
  }
}

// The inspector's single source of UI state: the rollouts of the run (array + id index), the run
// status and the selected rollout. Views subscribe to changes and re-render only what changed.
import type { Rollout } from '../../src/protocol/generated';
import type { RunStatus } from '../../src/protocol/webviewMessages';
import { MetricsHistory } from './metricsHistory';

export type StoreChange =
  | { kind: 'reset' }
  | { kind: 'appended'; from: number }
  | { kind: 'status' }
  | { kind: 'selection' }
  | { kind: 'metrics' };

export type StoreListener = (change: StoreChange) => void;

/** The host validates protocol messages; this only keeps one malformed item from breaking the list. */
function isListableRollout(value: unknown): value is Rollout {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Rollout>;
  return typeof candidate.id === 'string' && Array.isArray(candidate.turns);
}

const runStates = new Set(['idle', 'starting', 'running', 'paused', 'stopping', 'stopped', 'crashed']);

/** A status the header can always render, whatever arrived. */
function sanitizeStatus(value: unknown): RunStatus {
  if (typeof value !== 'object' || value === null) return { state: 'idle' };
  const status = value as RunStatus;
  return runStates.has(status.state) ? status : { ...status, state: 'idle' };
}

export class InspectorStore {
  private items: Rollout[] = [];
  private readonly indexById = new Map<string, number>();
  private runStatus: RunStatus = { state: 'idle' };
  private selected: string | undefined;
  private latestMetrics: { step: number; metrics: Record<string, number> } | undefined;
  /** Training metrics per step, for the charts. */
  readonly metricsHistory = new MetricsHistory();
  private readonly listeners = new Set<StoreListener>();

  get rollouts(): readonly Rollout[] {
    return this.items;
  }
  get status(): RunStatus {
    return this.runStatus;
  }
  get selectedId(): string | undefined {
    return this.selected;
  }
  get metrics(): { step: number; metrics: Record<string, number> } | undefined {
    return this.latestMetrics;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  indexOf(id: string | undefined): number {
    return id === undefined ? -1 : (this.indexById.get(id) ?? -1);
  }

  get(id: string | undefined): Rollout | undefined {
    const index = this.indexOf(id);
    return index < 0 ? undefined : this.items[index];
  }

  /** Replaces everything (the host's answer to `ready`). The selection survives if its rollout does. */
  reset(status: unknown, rollouts: readonly unknown[], metrics: readonly unknown[] = []): void {
    this.items = [];
    this.metricsHistory.clear();
    for (const point of metrics) this.metricsHistory.add(point);
    this.indexById.clear();
    this.runStatus = sanitizeStatus(status);
    this.push(rollouts);
    this.emit({ kind: 'reset' });
  }

  /** Appends in arrival order. Ids already present are skipped: a host replaying its buffer is harmless. */
  append(rollouts: readonly unknown[]): void {
    const from = this.items.length;
    this.push(rollouts);
    if (this.items.length > from) this.emit({ kind: 'appended', from });
  }

  setStatus(status: unknown): void {
    this.runStatus = sanitizeStatus(status);
    this.emit({ kind: 'status' });
  }

  setMetrics(step: number, metrics: Record<string, number>, phase?: string): void {
    this.latestMetrics = { step, metrics };
    this.metricsHistory.add({ step, metrics, phase });
    this.emit({ kind: 'metrics' });
  }

  select(id: string | undefined): void {
    if (id === this.selected) return;
    this.selected = id;
    this.emit({ kind: 'selection' });
  }

  private push(rollouts: readonly unknown[]): void {
    for (const rollout of rollouts) {
      if (!isListableRollout(rollout) || this.indexById.has(rollout.id)) continue;
      this.indexById.set(rollout.id, this.items.length);
      this.items.push(rollout);
    }
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

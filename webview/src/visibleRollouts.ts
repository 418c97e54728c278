// The rollouts the list shows, in the order it shows them: the store's rollouts that pass the query,
// sorted by the query's column (or in arrival order). Kept as store indices. A query change rebuilds
// it (100k rollouts: tens of ms); live appends are filtered and placed one by one, so a running
// trainer never triggers a full rebuild.
import type { Rollout } from '../../src/protocol/generated';
import { columnData } from './columnData';
import type { QueryModel } from './queryModel';
import { passesFilters, searchNeedle, type RolloutQuery } from './rolloutQuery';
import type { SearchIndex } from './searchIndex';
import { insertionPoint, sortIndices, type SortKey } from './sortKeys';
import type { InspectorStore, StoreChange } from './store';

/** `appended`: positions before `from` are unchanged. `rebuilt`: any position may have changed. */
export type VisibleChange = { kind: 'rebuilt' } | { kind: 'appended'; from: number };

// Past this many new rollouts in one batch, one sort is cheaper than that many insertions.
const REBUILD_BATCH = 2_000;

export class VisibleRollouts {
  private order: number[] = [];
  private readonly listeners = new Set<(change: VisibleChange) => void>();
  /** Milliseconds the last full rebuild took: shown to nobody, read by the performance test. */
  lastRebuildMs = 0;

  constructor(
    private readonly store: InspectorStore,
    private readonly queryModel: QueryModel,
    private readonly searchIndex: SearchIndex,
  ) {
    store.subscribe((change) => this.onStoreChange(change));
    queryModel.subscribe(() => this.rebuild());
  }

  get length(): number {
    return this.order.length;
  }

  rolloutAt(position: number): Rollout | undefined {
    const index = this.order[position];
    return index === undefined ? undefined : this.store.rollouts[index];
  }

  /** -1 when the rollout is unknown or filtered out. */
  positionOf(id: string | undefined): number {
    const index = this.store.indexOf(id);
    return index < 0 ? -1 : this.order.indexOf(index);
  }

  subscribe(listener: (change: VisibleChange) => void): void {
    this.listeners.add(listener);
  }

  private onStoreChange(change: StoreChange): void {
    if (change.kind === 'reset') this.rebuild();
    else if (change.kind === 'appended') this.append(change.from);
  }

  private matcher(query: RolloutQuery): (index: number) => boolean {
    const needle = searchNeedle(query.search);
    const rollouts = this.store.rollouts;
    return (index) => {
      const rollout = rollouts[index];
      if (rollout === undefined || !passesFilters(rollout, query)) return false;
      return needle === '' || this.searchIndex.textAt(index).includes(needle);
    };
  }

  private sortKeyOf(query: RolloutQuery): ((index: number) => SortKey) | undefined {
    if (query.sort === undefined) return undefined;
    const column = columnData[query.sort.column];
    const rollouts = this.store.rollouts;
    return (index) => {
      const rollout = rollouts[index];
      return rollout === undefined ? undefined : column.sortKey(rollout);
    };
  }

  private rebuild(): void {
    const started = performance.now();
    const query = this.queryModel.query;
    const matches = this.matcher(query);
    const order: number[] = [];
    for (let index = 0; index < this.store.rollouts.length; index++) if (matches(index)) order.push(index);
    const keyOf = this.sortKeyOf(query);
    this.order = keyOf && query.sort ? sortIndices(order, keyOf, query.sort.direction) : order;
    this.lastRebuildMs = performance.now() - started;
    this.emit({ kind: 'rebuilt' });
  }

  private append(from: number): void {
    const query = this.queryModel.query;
    const keyOf = this.sortKeyOf(query);
    if (keyOf && this.store.rollouts.length - from > REBUILD_BATCH) {
      this.rebuild();
      return;
    }
    const matches = this.matcher(query);
    const before = this.order.length;
    for (let index = from; index < this.store.rollouts.length; index++) {
      if (!matches(index)) continue;
      if (keyOf && query.sort) {
        this.order.splice(insertionPoint(this.order, index, keyOf, query.sort.direction), 0, index);
      } else this.order.push(index);
    }
    if (this.order.length === before) return;
    this.emit(keyOf ? { kind: 'rebuilt' } : { kind: 'appended', from: before });
  }

  private emit(change: VisibleChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

// What the data has, for the controls that depend on it: which optional columns to show and which
// data sources to offer in the filter. Updated incrementally as rollouts arrive.
import { allColumns, type ListColumn } from './listColumns';
import { dataSourceOf } from './rolloutFields';
import type { InspectorStore, StoreChange } from './store';

export class RolloutFacets {
  private present = new Set<ListColumn['key']>();
  private sources = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly store: InspectorStore) {
    store.subscribe((change) => this.onStoreChange(change));
  }

  /** Base columns always; optional ones once any rollout has their field. */
  get columns(): ListColumn[] {
    return allColumns.filter((column) => column.presentIn === undefined || this.present.has(column.key));
  }

  get dataSources(): string[] {
    return [...this.sources].sort();
  }

  subscribe(listener: () => void): void {
    this.listeners.add(listener);
  }

  private onStoreChange(change: StoreChange): void {
    if (change.kind !== 'reset' && change.kind !== 'appended') return;
    const from = change.kind === 'reset' ? 0 : change.from;
    const before = `${[...this.present].join()}|${this.sources.size}`;
    if (change.kind === 'reset') {
      this.present = new Set();
      this.sources = new Set();
    }
    const optional = allColumns.filter((column) => column.presentIn !== undefined);
    const rollouts = this.store.rollouts;
    for (let index = from; index < rollouts.length; index++) {
      const rollout = rollouts[index];
      if (rollout === undefined) continue;
      for (const column of optional) {
        if (!this.present.has(column.key) && column.presentIn?.(rollout)) this.present.add(column.key);
      }
      const source = dataSourceOf(rollout);
      if (source !== undefined) this.sources.add(source);
    }
    if (`${[...this.present].join()}|${this.sources.size}` !== before || change.kind === 'reset') {
      for (const listener of this.listeners) listener();
    }
  }
}

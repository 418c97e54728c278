// The live query (sort, filters, search) with change notification: the filter bar, the list header
// and the charts write it; the visible-rollout order, the detail's highlights and view state read it.
import { emptyQuery, type RolloutQuery } from './rolloutQuery';

export type QueryListener = (query: RolloutQuery, previous: RolloutQuery) => void;

export class QueryModel {
  private current: RolloutQuery;
  private readonly listeners = new Set<QueryListener>();

  constructor(initial: RolloutQuery = emptyQuery) {
    this.current = initial;
  }

  get query(): RolloutQuery {
    return this.current;
  }

  subscribe(listener: QueryListener): void {
    this.listeners.add(listener);
  }

  update(patch: Partial<RolloutQuery>): void {
    const previous = this.current;
    const next = { ...previous, ...patch };
    const changed = (Object.keys(patch) as (keyof RolloutQuery)[]).some(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(previous[key]),
    );
    if (!changed) return;
    this.current = next;
    for (const listener of this.listeners) listener(next, previous);
  }
}

// The rows that currently exist in the DOM: exactly those in the visible range, keyed by rollout id.
// Rows are created once (a rollout never changes) and only their selection mark is updated.
import type { Rollout } from '../../src/protocol/generated';
import { createRolloutRow } from './rolloutRow';
import type { RowRange } from './virtualWindow';

export class RowWindow {
  private readonly rows = new Map<string, HTMLElement>();

  constructor(private readonly container: HTMLElement) {}

  clear(): void {
    for (const row of this.rows.values()) row.remove();
    this.rows.clear();
  }

  get(id: string | undefined): HTMLElement | undefined {
    return id === undefined ? undefined : this.rows.get(id);
  }

  /** Removes rows that left `range` and adds those that entered it. */
  show(
    range: RowRange,
    rollouts: readonly Rollout[],
    indexOf: (id: string) => number,
    selectedId?: string,
  ): void {
    for (const [id, row] of this.rows) {
      const index = indexOf(id);
      if (index < range.first || index >= range.end) {
        row.remove();
        this.rows.delete(id);
      }
    }
    const fragment = document.createDocumentFragment();
    for (let index = range.first; index < range.end; index++) {
      const rollout = rollouts[index];
      if (rollout === undefined || this.rows.has(rollout.id)) continue;
      const row = createRolloutRow(rollout, index);
      markSelected(row, rollout.id === selectedId);
      this.rows.set(rollout.id, row);
      fragment.append(row);
    }
    this.container.append(fragment);
  }

  select(selectedId: string | undefined): void {
    for (const [id, row] of this.rows) markSelected(row, id === selectedId);
  }
}

function markSelected(row: HTMLElement, selected: boolean): void {
  row.setAttribute('aria-selected', String(selected));
  row.classList.toggle('selected', selected);
}

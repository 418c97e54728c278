// The rows that currently exist in the DOM: exactly those in the visible range, keyed by rollout id
// and remembering the position each was built for. The owner clears the window whenever positions
// change (new order, new columns), so a live row's position is always current.
import type { Rollout } from '../../src/protocol/generated';
import type { ListColumn } from './listColumns';
import { createRolloutRow } from './rolloutRow';
import type { RowRange } from './virtualWindow';

export class RowWindow {
  private readonly rows = new Map<string, { row: HTMLElement; position: number }>();

  constructor(private readonly container: HTMLElement) {}

  clear(): void {
    for (const { row } of this.rows.values()) row.remove();
    this.rows.clear();
  }

  get(id: string | undefined): HTMLElement | undefined {
    return id === undefined ? undefined : this.rows.get(id)?.row;
  }

  /** Removes rows that left `range` and adds those that entered it. */
  show(
    range: RowRange,
    rolloutAt: (position: number) => Rollout | undefined,
    columns: readonly ListColumn[],
    selectedId?: string,
  ): void {
    for (const [id, { row, position }] of this.rows) {
      if (position < range.first || position >= range.end) {
        row.remove();
        this.rows.delete(id);
      }
    }
    const fragment = document.createDocumentFragment();
    for (let position = range.first; position < range.end; position++) {
      const rollout = rolloutAt(position);
      if (rollout === undefined || this.rows.has(rollout.id)) continue;
      const row = createRolloutRow(rollout, position, columns);
      markSelected(row, rollout.id === selectedId);
      this.rows.set(rollout.id, { row, position });
      fragment.append(row);
    }
    this.container.append(fragment);
  }

  select(selectedId: string | undefined): void {
    for (const [id, { row }] of this.rows) markSelected(row, id === selectedId);
  }
}

function markSelected(row: HTMLElement, selected: boolean): void {
  row.setAttribute('aria-selected', String(selected));
  row.classList.toggle('selected', selected);
}

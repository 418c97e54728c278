// The list's column header: one button per column that cycles its sort (ascending, descending,
// arrival order). Buttons, so Tab reaches them and Enter/Space sort; the state is in each button's
// accessible name as well as its arrow. Updated in place so a focused button keeps focus.
import { h } from './dom';
import type { ListColumn } from './listColumns';
import type { QueryModel } from './queryModel';
import { cellClass } from './rolloutRow';
import { nextSort } from './rolloutQuery';

const arrows = { asc: '\u25B2', desc: '\u25BC' } as const;

export class ListHeader {
  readonly element = h('div', {
    className: 'rollout-row list-header',
    testId: 'list-header',
    attrs: { role: 'group', 'aria-label': 'Sort rollouts by column' },
  });
  private buttons: { column: ListColumn; button: HTMLButtonElement; arrow: HTMLElement }[] = [];

  constructor(private readonly queryModel: QueryModel) {
    queryModel.subscribe((query, previous) => {
      if (query.sort !== previous.sort) this.renderSort();
    });
  }

  setColumns(columns: readonly ListColumn[]): void {
    this.buttons = columns.map((column) => {
      const arrow = h('span', { className: 'sort-arrow', attrs: { 'aria-hidden': 'true' } });
      const button = h(
        'button',
        {
          className: `${cellClass(column)} sort-button`,
          testId: 'sort-header',
          attrs: { type: 'button', 'data-column': column.key, title: column.title },
        },
        h('span', { className: 'sort-label' }, column.label),
        arrow,
      );
      button.addEventListener('click', () =>
        this.queryModel.update({ sort: nextSort(this.queryModel.query.sort, column.key) }),
      );
      return { column, button, arrow };
    });
    this.element.replaceChildren(...this.buttons.map((entry) => entry.button));
    this.renderSort();
  }

  private renderSort(): void {
    const sort = this.queryModel.query.sort;
    for (const { column, button, arrow } of this.buttons) {
      const direction = sort?.column === column.key ? sort.direction : undefined;
      arrow.textContent = direction === undefined ? '' : arrows[direction];
      button.dataset.sort = direction ?? 'none';
      const state =
        direction === undefined ? 'not sorted' : `sorted ${direction === 'asc' ? 'ascending' : 'descending'}`;
      button.setAttribute('aria-label', `${column.title}, ${state}`);
    }
  }
}

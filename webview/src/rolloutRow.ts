// One row of the rollout list. Rollouts never change once received, so a row is built once for its
// position and only its selection state is updated afterwards (a new order or column set rebuilds).
import type { Rollout } from '../../src/protocol/generated';
import { h } from './dom';
import { singleLine } from './displayText';
import type { ListColumn } from './listColumns';

export const ROW_HEIGHT = 24;

/** The grid tracks of a column set, shared by the header and the rows through a CSS variable. */
export function gridTemplate(columns: readonly ListColumn[]): string {
  return columns.map((column) => column.track).join(' ');
}

export function cellClass(column: ListColumn): string {
  return `cell col-${column.key}${column.numeric ? ' number' : ''}`;
}

export function createRolloutRow(
  rollout: Rollout,
  position: number,
  columns: readonly ListColumn[],
): HTMLElement {
  const row = h(
    'div',
    {
      className: 'rollout-row',
      testId: 'rollout-row',
      attrs: { role: 'option', id: `rollout-row-${position}`, 'aria-selected': 'false' },
    },
    ...columns.map((column) => {
      try {
        return h('span', { className: cellClass(column) }, column.cell(rollout));
      } catch {
        // A field of the wrong type must cost one cell, not the row.
        return h('span', { className: cellClass(column) }, '\u2014');
      }
    }),
  );
  row.dataset.rolloutId = rollout.id;
  row.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
  // The full question as a native tooltip: text only, capped so a 1 MB question stays cheap.
  row.title = singleLine(typeof rollout.question === 'string' ? rollout.question : '', 1000);
  return row;
}

// One row of the rollout list. Rollouts never change once received, so a row is built once and only
// its selection state is updated afterwards.
import type { Rollout } from '../../src/protocol/generated';
import { h } from './dom';
import { displayValue, formatMetric, singleLine } from './displayText';

export const ROW_HEIGHT = 24;

export const listColumns = [
  { key: 'step', label: 'Step' },
  { key: 'question', label: 'Question' },
  { key: 'answer', label: 'Answer' },
  { key: 'em', label: 'EM' },
  { key: 'reward', label: 'Reward' },
  { key: 'searches', label: 'Searches' },
] as const;

function emCell(em: number): HTMLElement {
  const correct = em >= 1;
  return h(
    'span',
    {
      className: `cell em ${correct ? 'em-correct' : 'em-wrong'}`,
      attrs: { 'aria-label': correct ? 'exact match' : 'no match' },
    },
    correct ? '\u2713' : '\u2717',
  );
}

export function createRolloutRow(rollout: Rollout, index: number): HTMLElement {
  const answer = rollout.answer ?? '';
  const row = h(
    'div',
    {
      className: 'rollout-row',
      testId: 'rollout-row',
      attrs: { role: 'option', id: `rollout-row-${index}`, 'aria-selected': 'false' },
    },
    h('span', { className: 'cell step' }, displayValue(rollout.step)),
    h('span', { className: 'cell question' }, singleLine(rollout.question)),
    h(
      'span',
      { className: rollout.answer === null ? 'cell answer no-answer' : 'cell answer' },
      rollout.answer === null ? 'no answer' : singleLine(answer),
    ),
    emCell(rollout.em),
    h('span', { className: 'cell number' }, formatMetric(rollout.reward)),
    h('span', { className: 'cell number' }, displayValue(rollout.n_searches)),
  );
  row.dataset.rolloutId = rollout.id;
  row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
  // The full question as a native tooltip: text only, capped so a 1 MB question stays cheap.
  row.title = singleLine(rollout.question, 1000);
  return row;
}

export function createListHeader(): HTMLElement {
  return h(
    'div',
    { className: 'rollout-row list-header', attrs: { role: 'presentation' } },
    ...listColumns.map((column) => h('span', { className: `cell ${column.key}` }, column.label)),
  );
}

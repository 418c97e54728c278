// Kept / dropped / regenerated: a revised rollout's three parts side by side (stacked when the pane
// is narrow). The kept prefix is turns[0:k] of the final trajectory, the dropped suffix is what the
// Actor first wrote from the cut on (refiner.dropped_turns, dimmed and struck), and the regenerated
// suffix is turns[k:]. Each step is a native <details>: Tab reaches it, Enter opens the full step.
import './styles/cutDiff.css';
import type { Rollout, Turn } from '../../src/protocol/generated';
import { h } from './dom';
import { singleLine } from './displayText';
import type { Highlights } from './highlight';
import type { RefinerRecord } from './refinerFields';
import { turnView } from './turnView';

type Side = 'kept' | 'dropped' | 'regenerated';

/** One line per step: its action and what it searched or answered. */
function stepSummary(turn: Turn): string {
  if (turn.action === 'search')
    return `Search \u00B7 ${singleLine(turn.query ?? '', 160) || '(empty query)'}`;
  if (turn.action === 'answer')
    return `Answer \u00B7 ${singleLine(turn.answer ?? '', 160) || '(empty answer)'}`;
  return 'Invalid action';
}

function diffStep(turn: Turn, index: number, side: Side, highlights: Highlights): HTMLElement {
  const step = h(
    'details',
    { className: `diff-step diff-step-${turn.action}`, testId: 'diff-step' },
    h(
      'summary',
      { className: 'diff-step-summary' },
      h('span', { className: 'diff-step-index' }, `Step ${index + 1}`),
      h('span', { className: 'diff-step-text' }, stepSummary(turn)),
    ),
    h('ol', { className: 'diff-step-body' }, turnView(turn, index, highlights)),
  );
  step.dataset.step = String(index + 1);
  step.dataset.side = side;
  return step;
}

function column(
  side: Side,
  title: string,
  turns: readonly Turn[],
  firstIndex: number,
  empty: string,
  highlights: Highlights,
): HTMLElement {
  const label = `${title} (${turns.length} step${turns.length === 1 ? '' : 's'})`;
  return h(
    'section',
    { className: `diff-column diff-${side}`, testId: `diff-${side}`, attrs: { 'aria-label': label } },
    h('div', { className: 'diff-column-title' }, label),
    turns.length === 0
      ? h('div', { className: 'muted' }, empty)
      : h(
          'div',
          { className: 'diff-steps' },
          ...turns.map((turn, i) => diffStep(turn, firstIndex + i, side, highlights)),
        ),
  );
}

/** `kept` is where the regenerated suffix starts in the final trajectory (see keptPrefixLength). */
export function cutDiff(
  rollout: Rollout,
  record: RefinerRecord,
  kept: number,
  highlights: Highlights,
  onOpenDiff?: (rolloutId: string) => void,
): HTMLElement {
  const turns = rollout.turns;
  let openButton: HTMLElement | null = null;
  if (onOpenDiff !== undefined && record.droppedTurns.length > 0) {
    openButton = h(
      'button',
      { className: 'label-button', testId: 'cut-diff-open', attrs: { type: 'button' } },
      'Open in diff editor',
    );
    openButton.title = "As the Actor first wrote it against the final trajectory, in VS Code's diff editor";
    openButton.addEventListener('click', () => onOpenDiff(rollout.id));
  }
  return h(
    'section',
    {
      className: 'cut-diff',
      testId: 'cut-diff',
      attrs: { tabindex: '-1', 'aria-label': 'Kept, dropped and regenerated steps' },
    },
    h('div', { className: 'section-label cut-diff-title' }, 'Kept / dropped / regenerated', openButton),
    h(
      'div',
      { className: 'diff-columns' },
      column(
        'kept',
        'Kept prefix',
        turns.slice(0, kept),
        0,
        'Nothing kept: the cut was at step 1.',
        highlights,
      ),
      column(
        'dropped',
        'Dropped',
        record.droppedTurns,
        kept,
        'The run did not record the dropped steps.',
        highlights,
      ),
      column('regenerated', 'Regenerated', turns.slice(kept), kept, 'No steps were regenerated.', highlights),
    ),
  );
}

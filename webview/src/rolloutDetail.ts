// The detail pane: the selected rollout's question, golden answers and scores, then its typed step
// timeline. Rebuilt from scratch on selection (a rollout is a few KB), never patched.
import type { Rollout } from '../../src/protocol/generated';
import { h } from './dom';
import { displayValue, formatMetric, singleLine } from './displayText';
import { longTextBlock } from './longText';
import type { InspectorStore } from './store';
import { turnView } from './turnView';

function metric(label: string, value: string, className = ''): HTMLElement {
  return h(
    'div',
    { className: `metric ${className}` },
    h('span', { className: 'metric-label' }, label),
    h('span', { className: 'metric-value' }, value),
  );
}

function summary(rollout: Rollout): HTMLElement {
  const correct = rollout.em >= 1;
  return h(
    'div',
    { className: 'metrics' },
    metric('EM', correct ? '\u2713 exact match' : '\u2717 no match', correct ? 'em-correct' : 'em-wrong'),
    metric('Reward', formatMetric(rollout.reward)),
    metric('Advantage', formatMetric(rollout.advantage)),
    metric('Searches', displayValue(rollout.n_searches)),
    metric('Step', displayValue(rollout.step)),
  );
}

function goldenAnswerList(rollout: Rollout): string[] {
  return Array.isArray(rollout.golden_answers)
    ? rollout.golden_answers.filter((a) => typeof a === 'string')
    : [];
}

function goldenAnswers(rollout: Rollout): HTMLElement {
  const answers = goldenAnswerList(rollout);
  return h(
    'div',
    { className: 'golden-answers', testId: 'golden-answers' },
    h('span', { className: 'section-label' }, 'Golden answers'),
    ...answers.map((answer) => h('span', { className: 'chip' }, singleLine(String(answer), 200))),
  );
}

function finalAnswer(rollout: Rollout): HTMLElement {
  return h(
    'div',
    { className: 'final-answer' },
    h('span', { className: 'section-label' }, 'Final answer'),
    rollout.answer === null
      ? h('span', { className: 'muted', testId: 'final-answer' }, 'no answer')
      : longTextBlock(rollout.answer, 'final-answer-text', { testId: 'final-answer' }),
  );
}

export function renderRollout(rollout: Rollout): HTMLElement[] {
  const gold = goldenAnswerList(rollout);
  return [
    h(
      'div',
      { className: 'detail-meta' },
      `${singleLine(rollout.id, 200)} \u00B7 group ${displayValue(rollout.group_id, 200)}`,
    ),
    h(
      'div',
      {
        className: 'detail-question',
        testId: 'detail-question',
        attrs: { role: 'heading', 'aria-level': '2' },
      },
      longTextBlock(String(rollout.question ?? ''), 'question-text', { preview: 1_000 }),
    ),
    goldenAnswers(rollout),
    summary(rollout),
    finalAnswer(rollout),
    h('h3', { className: 'timeline-title' }, `Timeline \u00B7 ${rollout.turns.length} turns`),
    h('ol', { className: 'timeline' }, ...rollout.turns.map((turn, index) => turnView(turn, index, gold))),
  ];
}

export class RolloutDetail {
  readonly element: HTMLElement;
  private shownId: string | undefined;

  constructor(private readonly store: InspectorStore) {
    this.element = h('section', {
      className: 'rollout-detail',
      testId: 'rollout-detail',
      attrs: { tabindex: '-1', 'aria-label': 'Rollout detail' },
    });
    store.subscribe((change) => {
      if (change.kind === 'selection' || change.kind === 'reset' || change.kind === 'appended') this.render();
    });
    this.render();
  }

  /** "Open": move focus into the detail so the keyboard scrolls it; Escape returns to the list. */
  focus(): void {
    this.element.focus();
  }

  private render(): void {
    const rollout = this.store.get(this.store.selectedId);
    if (rollout !== undefined && rollout.id === this.shownId) return;
    this.shownId = rollout?.id;
    this.element.scrollTop = 0;
    if (rollout === undefined) {
      delete this.element.dataset.rolloutId;
      this.element.replaceChildren(
        h('div', { className: 'placeholder' }, 'Select a rollout to see its steps.'),
      );
      return;
    }
    this.element.dataset.rolloutId = rollout.id;
    try {
      this.element.replaceChildren(...renderRollout(rollout));
    } catch (error) {
      // A rollout that breaks the renderer must not take the inspector down with it.
      const reason = error instanceof Error ? error.message : String(error);
      this.element.replaceChildren(
        h(
          'div',
          { className: 'placeholder' },
          `This rollout could not be displayed: ${singleLine(reason, 300)}`,
        ),
      );
    }
  }
}

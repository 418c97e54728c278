// The head of the detail pane: scores (and the optional fields a run may carry), golden answers and
// the final answer.
import type { Rollout } from '../../src/protocol/generated';
import { refinerText } from './columnData';
import { h } from './dom';
import { displayValue, formatMetric, singleLine } from './displayText';
import { markLayers, type Highlights } from './highlight';
import { longTextBlock } from './longText';
import { dataSourceOf, processRewardOf, refinerOf } from './rolloutFields';

function metric(label: string, value: string, className = ''): HTMLElement {
  return h(
    'div',
    { className: `metric ${className}` },
    h('span', { className: 'metric-label' }, label),
    h('span', { className: 'metric-value' }, value),
  );
}

/** Fields only some runs have: shown when present, so today's runs are not padded with dashes. */
function optionalMetrics(rollout: Rollout): HTMLElement[] {
  const shown: HTMLElement[] = [];
  const source = dataSourceOf(rollout);
  if (source !== undefined) shown.push(metric('Source', singleLine(source, 100)));
  const processReward = processRewardOf(rollout);
  if (processReward !== undefined) shown.push(metric('Process reward', formatMetric(processReward)));
  const verdict = refinerOf(rollout);
  if (verdict !== undefined) {
    const margin = verdict.margin === undefined ? '' : ` (margin ${formatMetric(verdict.margin)})`;
    shown.push(metric('Refiner', `${refinerText(rollout)}${margin}`));
  }
  return shown;
}

export function summary(rollout: Rollout): HTMLElement {
  const correct = rollout.em >= 1;
  return h(
    'div',
    { className: 'metrics' },
    metric('EM', correct ? '\u2713 exact match' : '\u2717 no match', correct ? 'em-correct' : 'em-wrong'),
    metric('Reward', formatMetric(rollout.reward)),
    metric('Advantage', formatMetric(rollout.advantage)),
    metric('Searches', displayValue(rollout.n_searches)),
    metric('Step', displayValue(rollout.step)),
    ...optionalMetrics(rollout),
  );
}

export function goldenAnswerList(rollout: Rollout): string[] {
  return Array.isArray(rollout.golden_answers)
    ? rollout.golden_answers.filter((a) => typeof a === 'string')
    : [];
}

export function goldenAnswers(rollout: Rollout): HTMLElement {
  const answers = goldenAnswerList(rollout);
  return h(
    'div',
    { className: 'golden-answers', testId: 'golden-answers' },
    h('span', { className: 'section-label' }, 'Golden answers'),
    ...answers.map((answer) => h('span', { className: 'chip' }, singleLine(String(answer), 200))),
  );
}

export function finalAnswer(rollout: Rollout, highlights: Highlights): HTMLElement {
  return h(
    'div',
    { className: 'final-answer' },
    h('span', { className: 'section-label' }, 'Final answer'),
    rollout.answer === null
      ? h('span', { className: 'muted', testId: 'final-answer' }, 'no answer')
      : longTextBlock(rollout.answer, 'final-answer-text', {
          testId: 'final-answer',
          marks: markLayers(highlights, false),
        }),
  );
}

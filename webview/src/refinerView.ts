// The Meta-Refiner panel of the detail: its verdict with the margin against τ, the prompt version,
// whether the decision token was trained, and the per-step log-probabilities as a bar list, so a
// reviewer sees how sure the refiner was and which other steps it considered.
import './styles/refiner.css';
import { h } from './dom';
import { displayValue, formatMetric, singleLine } from './displayText';
import type { RefinerDecision, RefinerRecord } from './refinerFields';
import { attemptText, decisionShort, marginText, verdictText } from './refinerVerdict';

function stepLabel(k: number): string {
  return k === 0 ? '0 \u00B7 no revision' : `step ${k}`;
}

/** One bar per step number k = 0..n; its length is p(k) = exp(log p(k)), over the whole vocabulary. */
function logprobBars(decision: RefinerDecision): HTMLElement | null {
  if (decision.stepLogprobs.length === 0) return null;
  const chosen = decision.decision === 'revise' ? decision.cutStep : 0;
  const rows = decision.stepLogprobs.map((logp, k) => {
    const probability = logp === undefined ? 0 : Math.min(1, Math.exp(logp));
    const fill = h('span', { className: 'logprob-fill' });
    // CSSOM, not a style attribute: the CSP allows the former only.
    fill.style.width = `${(probability * 100).toFixed(1)}%`;
    const row = h(
      'li',
      { className: k === chosen ? 'logprob-row chosen' : 'logprob-row', testId: 'logprob-row' },
      h('span', { className: 'logprob-label' }, stepLabel(k)),
      h('span', { className: 'logprob-bar', attrs: { 'aria-hidden': 'true' } }, fill),
      h(
        'span',
        { className: 'logprob-value' },
        logp === undefined ? '\u2014' : `${formatMetric(logp)} (p ${formatMetric(probability)})`,
      ),
    );
    row.dataset.step = String(k);
    return row;
  });
  return h(
    'div',
    { className: 'logprob-block' },
    h('div', { className: 'section-label' }, 'log p(step) as the refiner answered'),
    h(
      'ol',
      { className: 'logprob-list', attrs: { 'aria-label': 'Refiner log-probability per step' } },
      ...rows,
    ),
  );
}

function facts(record: RefinerRecord): HTMLElement {
  const items: string[] = [];
  if (record.logpRevise !== undefined && record.logpKeep !== undefined) {
    items.push(
      `log p(revise) ${formatMetric(record.logpRevise)} vs log p(keep) ${formatMetric(record.logpKeep)}`,
    );
  }
  items.push(
    `prompt ${record.promptVersion === undefined ? 'version not recorded' : singleLine(record.promptVersion, 60)}`,
  );
  if (record.trained !== undefined) {
    items.push(record.trained ? 'decision trained (joint GRPO)' : 'decision not trained');
  }
  const attempt = attemptText(record);
  if (attempt !== undefined) items.push(attempt);
  if (record.revisions !== undefined) {
    items.push(`${record.revisions} revision${record.revisions === 1 ? '' : 's'}`);
  }
  return h(
    'div',
    { className: 'refiner-facts', testId: 'refiner-facts' },
    ...items.map((item) => h('span', { className: 'refiner-fact' }, item)),
  );
}

/** With N_max > 1 a regenerated trajectory is judged again: every decision, in order. */
function laterDecisions(record: RefinerRecord): HTMLElement | null {
  if (record.decisions.length < 2) return null;
  return h(
    'div',
    { className: 'refiner-decisions' },
    h('div', { className: 'section-label' }, `${record.decisions.length} decisions in order`),
    h(
      'ol',
      { className: 'decision-list' },
      ...record.decisions.map((decision) =>
        h('li', {}, `${decisionShort(decision)} (${marginText(decision)})`),
      ),
    ),
    h('div', { className: 'muted' }, 'The timeline and the diff show the first decision.'),
  );
}

export function refinerView(record: RefinerRecord): HTMLElement {
  const kind = record.decision === 'revise' ? 'revise' : record.decision === 'keep' ? 'keep' : 'unknown';
  const panel = h(
    'section',
    { className: `refiner-view refiner-${kind}`, testId: 'refiner-view' },
    h('div', { className: 'section-label' }, 'Meta-Refiner'),
    h('div', { className: 'refiner-verdict', testId: 'refiner-verdict' }, verdictText(record)),
    facts(record),
    logprobBars(record),
    laterDecisions(record),
  );
  panel.dataset.decision = displayValue(record.decision, 40);
  return panel;
}

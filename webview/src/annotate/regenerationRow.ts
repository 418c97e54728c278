// "Regenerate from step k" in the label pane: a button for the focused step (key r), and the selected
// rollout's regenerations, each waiting, failed (why) or done (the new answer and its score, and a
// button that opens original vs regenerated in VS Code's diff editor). Everything is set as text.
import type { RegenerationView } from '../../../src/protocol/webviewMessages';
import { h } from '../dom';
import { singleLine } from '../displayText';

export interface RegenerationRowModel {
  focusedStep: number;
  steps: number;
  available: boolean;
  /** Why not, when not available. */
  reason: string | undefined;
  entries: readonly RegenerationView[];
}

export interface RegenerationActions {
  regenerate(): void;
  open(key: string): void;
}

const round = (value: number | undefined): string =>
  value === undefined ? '?' : String(Math.round(value * 100) / 100);

function entryText(entry: RegenerationView): string {
  const from = `from step ${entry.fromStep}`;
  if (entry.state === 'waiting')
    return `${from}: waiting for the trainer (served when its current step ends)\u2026`;
  if (entry.state === 'failed') return `${from}: failed. ${singleLine(entry.message ?? '', 300)}`;
  const answer =
    entry.answer === null || entry.answer === undefined
      ? '(no answer)'
      : `\u201C${singleLine(entry.answer, 80)}\u201D`;
  return `${from}, policy step ${entry.policyStep ?? '?'}: ${answer} \u00B7 EM ${round(entry.em)} \u00B7 R ${round(entry.reward)} \u00B7 ${entry.steps ?? '?'} steps`;
}

export function regenerationRow(model: RegenerationRowModel, actions: RegenerationActions): HTMLElement {
  const ask = h(
    'button',
    {
      className: 'label-button',
      testId: 'regenerate-button',
      attrs: { type: 'button', tabindex: '-1' },
    },
    `From step ${model.focusedStep} (r)`,
  );
  ask.disabled = !model.available || model.steps === 0;
  ask.title = model.available
    ? `Keep steps before ${model.focusedStep}, let the current policy write the rest (not trained on)`
    : (model.reason ?? 'Regenerating needs a running training.');
  ask.addEventListener('click', () => actions.regenerate());
  const row = h(
    'div',
    { className: 'label-row regenerations', testId: 'regenerations' },
    h('span', { className: 'section-label' }, 'Regenerate'),
    ask,
  );
  for (const entry of model.entries) {
    const line = h(
      'div',
      { className: `regeneration ${entry.state}`, testId: 'regeneration-entry' },
      h('span', { className: 'regeneration-text' }, entryText(entry)),
    );
    line.dataset.state = entry.state;
    line.dataset.fromStep = String(entry.fromStep);
    if (entry.state === 'done') {
      const open = h(
        'button',
        { className: 'label-button', testId: 'regeneration-open', attrs: { type: 'button', tabindex: '-1' } },
        'Open diff',
      );
      open.title = 'Original and regenerated side by side in the diff editor';
      open.addEventListener('click', () => actions.open(entry.key));
      line.append(open);
    }
    row.append(line);
  }
  return row;
}

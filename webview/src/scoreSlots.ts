// The places in the page that show the step scorer's verdicts. Scores arrive after the rows they
// belong to, so a list cell or a timeline badge is a "slot" that fills itself in when its rollout's
// score comes (refreshScoreSlots, called on every change of the model).
import { h } from './dom';
import { stepScores } from './stepScores';

const formatP = (p: number) => p.toFixed(2);

// Slots: elements that show one rollout's (or one step's) score and are filled again on change.
interface Slot {
  rolloutId: string;
  /** 1-based step for a timeline badge; undefined for the list cell. */
  step?: number;
}
const slots = new WeakMap<Element, Slot>();
const SLOT_CLASS = 'score-slot';

function fill(element: HTMLElement, slot: Slot): void {
  const scores = stepScores.get(slot.rolloutId);
  if (slot.step === undefined) {
    element.textContent = scores === undefined ? '\u2026' : String(scores.predictedCut);
    element.title =
      scores === undefined
        ? 'Not scored yet'
        : scores.predictedCut === 0
          ? 'Step scorer: no step likely flawed'
          : `Step scorer: step ${scores.predictedCut} is the first likely flawed (P ${formatP(scores.pFlawed[scores.predictedCut - 1] ?? 0)})`;
    element.classList.toggle('score-pending', scores === undefined);
    return;
  }
  const p = scores?.pFlawed[slot.step - 1];
  element.hidden = p === undefined;
  if (p === undefined) return;
  const first = scores?.predictedCut === slot.step;
  element.textContent = `P(flawed) ${formatP(p)}${first ? ' \u00B7 predicted flaw' : ''}`;
  element.classList.toggle('score-high', p > 0.5);
  element.classList.toggle('score-first-flaw', first);
}

function slotElement(slot: Slot, className: string, testId: string): HTMLElement {
  const element = h('span', { className: `${SLOT_CLASS} ${className}`, testId });
  slots.set(element, slot);
  fill(element, slot);
  return element;
}

/** The list cell: the predicted earliest flawed step, or 0; "…" until scored. */
export function predictedFlawCell(rolloutId: string): HTMLElement {
  return slotElement({ rolloutId }, 'predicted-flaw', 'predicted-flaw');
}

/** The timeline badge of one step: its P(flawed); hidden while the rollout has no score. */
export function stepScoreBadge(rolloutId: string, step: number): HTMLElement {
  return slotElement({ rolloutId, step }, 'step-badge step-score', 'step-score');
}

let frame = 0;
/** Fills every slot in the page again, once per frame however many chunks arrived. */
export function refreshScoreSlots(root: ParentNode = document): void {
  if (frame !== 0) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    for (const element of root.querySelectorAll<HTMLElement>(`.${SLOT_CLASS}`)) {
      const slot = slots.get(element);
      if (slot !== undefined) fill(element, slot);
    }
  });
}

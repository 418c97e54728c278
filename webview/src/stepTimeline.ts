// The step timeline of the final trajectory: every step numbered with its type, each search's
// collection verdict, repeated queries flagged, and the Meta-Refiner's verdict on it: a marker
// where it cut (the steps below it were regenerated) or a "kept as is" badge on the title; and,
// once the step scorer has scored the rollout, each step's P(flawed).
import type { Rollout } from '../../src/protocol/generated';
import { h } from './dom';
import type { Highlights } from './highlight';
import { keptPrefixLength, type RefinerRecord } from './refinerFields';
import { cutText, verdictText } from './refinerVerdict';
import { repeatedQueries } from './repeatedQueries';
import { collectionsOf } from './rolloutFields';
import { stepScoreBadge } from './scoreSlots';
import { turnView, type StepNotes } from './turnView';

function cutMarker(record: RefinerRecord, kept: number, total: number, showDiff: () => void): HTMLElement {
  const regenerated =
    kept >= total
      ? 'Nothing was regenerated after it.'
      : `Steps ${kept + 1}\u2013${total} below were regenerated.`;
  const button = h(
    'button',
    { className: 'link-button', attrs: { type: 'button' } },
    'Show the dropped steps',
  );
  button.addEventListener('click', showDiff);
  const marker = h(
    'li',
    { className: 'cut-marker', testId: 'cut-marker', attrs: { role: 'note' } },
    h('span', { className: 'cut-marker-title' }, `\u2702 Refiner cut here: ${cutText(record)}`),
    h('span', { className: 'cut-marker-note' }, ` ${regenerated} `),
    button,
  );
  marker.dataset.beforeStep = String(kept + 1);
  return marker;
}

function keptBadge(record: RefinerRecord): HTMLElement {
  return h(
    'span',
    { className: 'step-badge refiner-kept', testId: 'refiner-kept-badge' },
    verdictText(record),
  );
}

export function stepTimeline(
  rollout: Rollout,
  highlights: Highlights,
  record: RefinerRecord | undefined,
  showDiff: () => void,
): HTMLElement[] {
  const turns = rollout.turns;
  const repeats = repeatedQueries(turns);
  const collections = new Map((collectionsOf(rollout) ?? []).map((c) => [c.turn, c]));
  const kept = record === undefined ? undefined : keptPrefixLength(record, turns.length);
  const steps = turns.map((turn, index) => {
    const notes: StepNotes = {
      collection: collections.get(index),
      repeatOf: repeats.get(index),
      regenerated: kept !== undefined && index >= kept,
    };
    const view = turnView(turn, index, highlights, notes);
    view.querySelector('.turn-header')?.append(stepScoreBadge(rollout.id, index + 1));
    return view;
  });
  if (record !== undefined && kept !== undefined) {
    steps.splice(kept, 0, cutMarker(record, kept, turns.length, showDiff));
  }
  return [
    h(
      'h3',
      { className: 'timeline-title' },
      `Timeline \u00B7 ${turns.length} step${turns.length === 1 ? '' : 's'}`,
      record?.decision === 'keep' && keptBadge(record),
    ),
    h('ol', { className: 'timeline', testId: 'timeline' }, ...steps),
  ];
}

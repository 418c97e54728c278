// The labelling keys, delivery stages, dwell time and the refiner fields a label records, as pure
// logic (the Chromium test drives the same code through a page).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Annotation } from '../../src/annotations/generated';
import type { Rollout } from '../../src/protocol/generated';
import { keyCommand, keyHelp, type KeyPress } from '../../webview/src/annotate/annotationKeys';
import { refinerAtLabelTime } from '../../webview/src/annotate/refinerAtLabelTime';
import { deliveryText } from '../../webview/src/annotate/deliveryStage';
import { DwellClock } from '../../webview/src/annotate/dwellClock';
import { reviewQueue, reviewQueueSize } from '../../webview/src/annotate/reviewQueue';
import { revisedRollout, withRefiner } from './refinerRollouts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

test('keys: digits cut, letters label, Ctrl/Cmd+Z undo and Shift redo; nothing while typing or with Alt', () => {
  assert.deepEqual(keyCommand(press('0'), false), { kind: 'cut', step: 0 });
  assert.deepEqual(keyCommand(press('7'), false), { kind: 'cut', step: 7 });
  assert.deepEqual(keyCommand(press('m'), false), { kind: 'collection', label: 'misleading' });
  assert.deepEqual(keyCommand(press('+', { shiftKey: true }), false), { kind: 'rating', rating: 1 });
  assert.deepEqual(keyCommand(press('z', { ctrlKey: true }), false), { kind: 'undo' });
  assert.deepEqual(keyCommand(press('Z', { metaKey: true, shiftKey: true }), false), { kind: 'redo' });
  assert.equal(keyCommand(press('c', { ctrlKey: true }), false), undefined, 'copy stays the browser’s');
  assert.equal(keyCommand(press('2'), true), undefined, 'typing a 2 in the search box is not a cut');
  assert.equal(keyCommand(press('a', { altKey: true }), false), undefined);
  assert.equal(keyCommand(press('ArrowDown'), false), undefined, 'list navigation keeps its keys');
  assert.deepEqual(keyCommand(press('r'), false), { kind: 'regenerate' });
  assert.equal(keyHelp.length, 12);
});

test('a label reads saved, sent, acknowledged, then applied at its step', () => {
  const base = { sent_at: null, acked_at: null, applied_step: null } as unknown as Annotation;
  assert.equal(deliveryText(base), 'saved');
  assert.equal(deliveryText({ ...base, sent_at: 't' }), 'sent');
  assert.equal(deliveryText({ ...base, sent_at: 't', acked_at: 't' }), 'acknowledged');
  assert.equal(
    deliveryText({ ...base, sent_at: 't', acked_at: 't', applied_step: 14 }),
    'applied at step 14',
  );
});

test('time on a rollout adds up over visits and stops while another is shown', () => {
  let now = 0;
  const clock = new DwellClock(() => now);
  clock.select('a');
  now = 4_000;
  clock.select('b');
  now = 10_000;
  clock.select('a');
  now = 11_500;
  assert.equal(clock.secondsOn('a'), 5.5);
  assert.equal(clock.secondsOn('b'), 6);
});

test('the refiner decision a label records: from a well-formed record, else null', () => {
  assert.deepEqual(refinerAtLabelTime(revisedRollout()), { decision: 'revise', cut_step: 2, margin: 1.38 });
  assert.equal(refinerAtLabelTime(withRefiner('x', { decision: 'cut', cut_step: 2, margin: 1 })), null);
  assert.equal(refinerAtLabelTime(withRefiner('x', { decision: 'keep', cut_step: -1, margin: 1 })), null);
  assert.equal(refinerAtLabelTime(withRefiner('x', 'revise')), null);
  assert.equal(refinerAtLabelTime({ ...revisedRollout(), refiner: undefined } as unknown as Rollout), null);
});

test('queue orders leave out labelled rollouts and those the order cannot rank', () => {
  const r = (id: string, margin: unknown, em: number, rProcess?: number): Rollout =>
    withRefiner(id, { decision: 'revise', cut_step: 1, margin, tau: 0.2 }, { em, r_process: rProcess });
  const rollouts = [
    r('a', 0.9, 1, 0.5),
    r('b', 'junk', 1, 0.1),
    r('c', 0.25, 0, undefined),
    r('d', -0.1, 1, 0.3),
  ];
  assert.deepEqual(reviewQueue(rollouts, new Set(), 'uncertainty'), ['c', 'd', 'a']);
  assert.deepEqual(reviewQueue(rollouts, new Set(['c']), 'uncertainty'), ['d', 'a']);
  assert.deepEqual(reviewQueue(rollouts, new Set(), 'poorSearches'), ['b', 'd', 'a']);
  assert.deepEqual(reviewQueue(rollouts, new Set(), 'disagreement'), []);
  assert.equal(reviewQueueSize(rollouts, new Set(['a']), 'poorSearches'), 2);
});

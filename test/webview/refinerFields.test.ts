// The defensive readers behind the refiner and reward display, without a browser: what a well-formed
// record reads as, what junk reads as (absent, never a wrong number), where the cut goes, and which
// queries count as repeats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keptPrefixLength, refinerRecordOf, turnOf } from '../../webview/src/refinerFields';
import { attemptText, marginText, verdictText } from '../../webview/src/refinerVerdict';
import { repeatedQueries } from '../../webview/src/repeatedQueries';
import { collectionsOf } from '../../webview/src/rolloutFields';
import { keptRollout, revisedRollout, searchR1Rollout, withRefiner } from './refinerRollouts';

test('a revised record reads with its numbers, dropped turns and cut position', () => {
  const record = refinerRecordOf(revisedRollout());
  assert.ok(record);
  assert.equal(record.decision, 'revise');
  assert.equal(record.cutStep, 2);
  assert.deepEqual(record.stepLogprobs, [-1.6, -2.9, -0.41, -3.3]);
  assert.equal(record.droppedTurns.length, 2);
  assert.equal(record.decisions.length, 1);
  assert.equal(keptPrefixLength(record, 3), 1);
  assert.equal(verdictText(record), 'Revised: earliest flawed step 2, margin 1.38 \u2265 \u03C4 0.00');
});

test('a kept record has no cut position; a search_r1 rollout has no record', () => {
  const kept = refinerRecordOf(keptRollout());
  assert.ok(kept);
  assert.equal(keptPrefixLength(kept, 3), undefined);
  assert.equal(verdictText(kept), 'Kept as is (margin -1.80 < \u03C4 0.00)');
  assert.equal(refinerRecordOf(searchR1Rollout()), undefined);
});

test('a sampled decision says the odds it was drawn with, even against the margin', () => {
  const drawn = refinerRecordOf(
    withRefiner('d', { decision: 'revise', cut_step: 1, margin: -0.4, tau: 0, p_revise: 0.401 }),
  );
  assert.ok(drawn);
  assert.equal(
    verdictText(drawn),
    'Revised: earliest flawed step 1, margin -0.40 < \u03C4 0.00, drawn with p(revise) 0.40',
  );
  const junk = refinerRecordOf(withRefiner('j', { decision: 'keep', margin: 1, tau: 0, p_revise: 1.5 }));
  assert.equal(junk?.pRevise, undefined);
});

test('a trained cut attempt says its reward and advantage; junk says nothing', () => {
  const trained = refinerRecordOf(
    withRefiner('t', { decision: 'revise', cut_step: 2, attempt_reward: 0, attempt_advantage: -0.894 }),
  );
  assert.ok(trained);
  assert.equal(attemptText(trained), 'cut attempt trained: R 0.00, advantage -0.89');
  const untrained = refinerRecordOf(withRefiner('u', { decision: 'revise', cut_step: 2, margin: 1 }));
  assert.ok(untrained);
  assert.equal(attemptText(untrained), undefined);
  const junk = refinerRecordOf(withRefiner('j', { decision: 'revise', attempt_advantage: 'NaN' }));
  assert.equal(junk && attemptText(junk), undefined);
});

test('junk fields read as absent, and the cut falls back to cut_step only when it fits', () => {
  const junk = refinerRecordOf(
    withRefiner('j', { decision: 'revise', cut_step: '2', margin: Infinity, kept_turns: -1, decisions: {} }),
  );
  assert.ok(junk);
  assert.deepEqual(
    [junk.cutStep, junk.margin, junk.keptTurns, junk.decisions],
    [undefined, undefined, undefined, []],
  );
  assert.equal(keptPrefixLength(junk, 3), undefined);
  assert.equal(marginText(junk), 'margin not recorded');
  const beyond = refinerRecordOf(withRefiner('b', { decision: 'revise', cut_step: 3, kept_turns: 40 }));
  assert.ok(beyond);
  assert.equal(keptPrefixLength(beyond, 3), 2);
  const far = refinerRecordOf(withRefiner('f', { decision: 'revise', cut_step: 9 }));
  assert.ok(far);
  assert.equal(keptPrefixLength(far, 3), undefined);
  assert.equal(refinerRecordOf(withRefiner('a', ['revise'])), undefined);
});

test('turnOf coerces a foreign turn to the rendered shape and drops non-objects', () => {
  assert.equal(turnOf('turn'), undefined);
  assert.deepEqual(turnOf({ action: 'search', query: 5, documents: [null, { title: 'T', score: 'x' }] }), {
    text: '',
    action: 'search',
    think: null,
    query: '',
    documents: [{ id: '', title: 'T', text: '' }],
  });
  assert.equal(turnOf({ action: 'rm -rf' })?.action, 'invalid');
});

test('collections keep only entries with a usable turn index; useful needs 1 or true', () => {
  const rollout = {
    ...searchR1Rollout(),
    collections: [
      { turn: 0, useful: 1, judge: 'llm' },
      { turn: '1', useful: 1 },
      { turn: 2, useful: '1', parsed: false },
      7,
    ],
  } as never;
  assert.deepEqual(collectionsOf(rollout), [
    { turn: 0, useful: true, judge: 'llm', parsed: true },
    { turn: 2, useful: false, judge: undefined, parsed: false },
  ]);
  assert.deepEqual(collectionsOf(searchR1Rollout()), []);
});

test('a query repeated with other case, spacing or a question mark is flagged against its first step', () => {
  const search = (query: string) => ({ text: '', action: 'search' as const, query, documents: [] });
  const turns = [
    search('Jaws director'),
    search('capital of Ohio'),
    search('  jaws   DIRECTOR? '),
    search('Jaws director'),
  ];
  assert.deepEqual(
    [...repeatedQueries(turns)],
    [
      [2, 0],
      [3, 0],
    ],
  );
});

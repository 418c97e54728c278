// The step scorer's pieces of the view that need no page: what the scores model accepts from the
// host, how the disagreement order ranks, and the agreement chart's numbers in words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Annotation } from '../../src/annotations/generated';
import type { RolloutStepScores } from '../../src/protocol/webviewMessages';
import { agreementNote, agreementSeries } from '../../webview/src/agreementSeries';
import { reviewQueue, scorerDisagreement } from '../../webview/src/annotate/reviewQueue';
import { StepScoresModel } from '../../webview/src/stepScores';
import { keptRollout, revisedRollout, searchR1Rollout } from './refinerRollouts';

const scores = (rolloutId: string, pFlawed: number[], predictedCut: number): RolloutStepScores => ({
  rolloutId,
  pFlawed,
  predictedCut,
});

test('the scores model keeps well-formed scores only, and a new scorer drops the old one’s', () => {
  const model = new StepScoresModel();
  let changes = 0;
  model.subscribe(() => changes++);
  assert.equal(model.state.available, false);
  model.setScorer({ available: true, message: 'Step scorer: this run’s checkpoint step-3, on CPU' });
  model.add([
    scores('a', [0.2, 0.7], 2),
    scores('bad-p', [1.5], 0),
    scores('bad-cut', [0.1], 3),
    { rolloutId: 7, pFlawed: [], predictedCut: 0 },
    null,
  ]);
  model.add('not a list');
  assert.deepEqual(model.get('a'), scores('a', [0.2, 0.7], 2));
  assert.equal(model.get('bad-p'), undefined);
  assert.equal(model.get('bad-cut'), undefined);
  assert.equal(model.hasScores, true);
  model.setScorer({ available: 'yes', message: 3 });
  assert.equal(model.state.available, false, 'junk reads as no scorer');
  assert.equal(model.hasScores, false);
  assert.equal(changes, 3);
});

test('disagreement: furthest cuts first, the surer scorer between equals; unscored or unjudged left out', () => {
  const revised = revisedRollout(); // refiner cut 2
  const kept = keptRollout(); // refiner kept: 0
  const r1 = searchR1Rollout(); // no refiner
  const keptSure = { ...keptRollout(), id: 'kept-sure' };
  const table = new Map([
    [revised.id, scores(revised.id, [0.1, 0.2, 0.3], 0)], // 2 apart
    [kept.id, scores(kept.id, [0.9, 0.2, 0.3], 1)], // 1 apart, P 0.9 at its cut
    [keptSure.id, scores(keptSure.id, [0.6, 0.2, 0.3], 1)], // 1 apart, P 0.6
    [r1.id, scores(r1.id, [0.9], 1)],
  ]);
  assert.equal(scorerDisagreement(r1, table.get(r1.id)), undefined);
  assert.equal(scorerDisagreement(revised, undefined), undefined);
  assert.ok(Math.abs((scorerDisagreement(revised, table.get(revised.id)) as number) - 2.7) < 1e-9);
  const order = reviewQueue(
    [r1, keptSure, kept, revised, { ...revised, id: 'unscored' }],
    new Set(),
    'disagreement',
    (id) => table.get(id),
  );
  assert.deepEqual(order, [revised.id, kept.id, keptSure.id]);
  assert.deepEqual(
    reviewQueue([revised, kept], new Set([revised.id]), 'disagreement', (id) => table.get(id)),
    [kept.id],
    'labelled rollouts leave the queue',
  );
});

test('the agreement chart’s data and words come from the labels’ cuts per step', () => {
  const label = (step: number, cut: Annotation['cut'], refinerCut: number | null): Annotation =>
    ({
      rollout_id: `r${step}-${String(cut)}-${String(refinerCut)}`,
      step,
      cut,
      refiner_at_label_time:
        refinerCut === null
          ? null
          : { decision: refinerCut === 0 ? 'keep' : 'revise', cut_step: refinerCut, margin: 1 },
    }) as Annotation;
  const series = agreementSeries([
    label(3, 2, 2),
    label(3, 0, 0),
    label(8, 1, 0),
    label(8, 'accept', 2),
    label(8, 2, null), // imported: no refiner decision, does not count
  ]);
  assert.deepEqual(series.steps, [3, 8]);
  assert.deepEqual(series.exactMatch, [1, 0.5]);
  assert.equal(series.labels, 4);
  assert.equal(
    agreementNote(series),
    `4 labels \u00B7 step 8: 50% exact, kappa ${series.kappa[1]?.toFixed(2)}`,
  );
  assert.equal(agreementNote(agreementSeries([])), '0 labels');
});

// The step scorer in the real inspector (headless Chromium) behind the real host side: run folders
// on disk with the fixture ONNX model, scored by onnxruntime-node through the InspectorPanel. What a
// user sees: the "Pred. flaw" column, each step's P(flawed) on the timeline, which scorer is used,
// the disagreement review order, and the human-vs-refiner agreement chart from real labels.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Rollout } from '../../src/protocol/generated';
import { StepScorer, type RolloutScore } from '../../src/scorer/stepScorer';
import { scorerDisagreement } from '../../webview/src/annotate/reviewQueue';
import { InspectorHarness } from './harness';
import { hostileRollout } from './hostileRollouts';
import type { InspectorPage } from './inspectorPage';
import { keptRollout, revisedRollout, searchR1Rollout } from './refinerRollouts';
import { connectScores, runsFolder, scorerFixture } from './scoresHost';

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

const at = (rollout: Rollout, id: string, step: number): Rollout => ({ ...rollout, id, step });

/** A shared-vector rollout (test/fixtures/scorer/vectors.json), on which the fixture model predicts a flaw. */
function vectorRollout(name: string, id: string): Rollout {
  const doc = JSON.parse(readFileSync(join(scorerFixture, 'vectors.json'), 'utf8')) as {
    cases: { rollout: Pick<Rollout, 'id' | 'question' | 'turns'> }[];
  };
  const found = doc.cases.find((c) => c.rollout.id === name);
  assert.ok(found !== undefined, name);
  return { ...searchR1Rollout(), id, question: found.rollout.question, turns: found.rollout.turns };
}

/** Two steps' worth of refiner rollouts, a Search-R1 one, a hostile one, two the scorer flags. */
function rollouts(): Rollout[] {
  return [
    at(revisedRollout(), 's5-revised', 5),
    at(keptRollout(), 's5-kept', 5),
    revisedRollout(),
    keptRollout(),
    searchR1Rollout(),
    hostileRollout(),
    vectorRollout('plain', 'flagged-at-1'),
    vectorRollout('invalid-and-empty', 'flagged-at-2'),
  ];
}

async function expectedScores(list: Rollout[]): Promise<Map<string, RolloutScore>> {
  const scorer = await StepScorer.load(join(scorerFixture, 'model.onnx'));
  try {
    return new Map((await scorer.score(list)).map((s) => [s.rolloutId, s]));
  } finally {
    await scorer.dispose();
  }
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 8_000;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

const pwned = (inspector: InspectorPage) =>
  inspector.page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);

test('scores show as a column and on the timeline; the label pane names the borrowed scorer; hostile text stays text', async () => {
  const hostileRun = `run-<img src=x onerror="window.__pwned='run'">`;
  const root = await runsFolder([hostileRun]);
  const imported = join(root, '20261125-imported');
  await mkdir(imported);
  const list = rollouts();
  const want = await expectedScores(list);
  const inspector = await harness.open({ width: 1400, height: 900 });
  const host = await connectScores(inspector, imported, list);
  try {
    const status = inspector.byTestId('step-scorer-status');
    await inspector.waitForText(
      status,
      `Step scorer: run ${hostileRun}, checkpoint step-3 (this run has none yet), on CPU`,
    );
    const header = inspector.page.locator('[data-testid="sort-header"][data-column="predictedFlaw"]');
    await header.waitFor();
    assert.equal(await header.textContent(), 'Pred. flaw');

    // Every row's cell is the scorer's predicted first flaw (0 for none), the hostile one included.
    const cells = () =>
      inspector.page.evaluate(`Object.fromEntries(
        [...document.querySelectorAll('[data-testid="rollout-row"]')].map((row) => [
          row.dataset.rolloutId,
          row.querySelector('[data-testid="predicted-flaw"]')?.textContent,
        ]),
      )`);
    const expected = Object.fromEntries(list.map((r) => [r.id, String(want.get(r.id)?.predictedCut)]));
    await until('every cell scored', cells, (got) => JSON.stringify(got) === JSON.stringify(expected));

    // The timeline: one P(flawed) per step, the scorer's own numbers to 2 decimals.
    assert.deepEqual(
      [1, 2].map((cut) => want.get(`flagged-at-${cut}`)?.predictedCut),
      [1, 2],
      'the fixture model flags these two',
    );
    const revised = want.get('flagged-at-2') as RolloutScore;
    await inspector.row('flagged-at-2').click();
    await inspector.waitForDetail('flagged-at-2');
    const badges = inspector.detail.locator('[data-testid="step-score"]');
    assert.equal(await badges.count(), revised.pFlawed.length);
    for (const [i, p] of revised.pFlawed.entries()) {
      const text = (await badges.nth(i).textContent()) ?? '';
      assert.match(
        text,
        new RegExp(`^P\\(flawed\\) ${(Math.round(p * 1000) / 1000).toFixed(2).replace('.', '\\.')}`),
        `step ${i + 1}`,
      );
      assert.equal(text.endsWith('predicted flaw'), revised.predictedCut === i + 1, `step ${i + 1}`);
    }

    assert.equal(await pwned(inspector), undefined);
    assert.deepEqual(inspector.dialogs, []);
    assert.equal(await inspector.page.locator('.step-scorer-status img').count(), 0);
    assert.ok(!harness.requests.some((url) => url.includes('/x')), 'no hostile image was requested');
  } finally {
    await host.close();
    await inspector.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('the disagreement queue walks rollouts where refiner and scorer are furthest apart first', async () => {
  const root = await runsFolder(['run']);
  const list = rollouts();
  const want = await expectedScores(list);
  const ranked = list
    .map((r) => ({ id: r.id, apart: scorerDisagreement(r, want.get(r.id)) }))
    .filter((r): r is { id: string; apart: number } => r.apart !== undefined)
    .sort((a, b) => b.apart - a.apart);
  assert.equal(ranked.length, 4, 'the four refiner rollouts; Search-R1 and hostile have no refiner');
  const inspector = await harness.open({ width: 1400, height: 900 });
  const host = await connectScores(inspector, join(root, 'run'), list);
  try {
    await inspector.waitForText(
      inspector.byTestId('step-scorer-status'),
      /^Step scorer: this run's checkpoint step-3/,
    );
    const option = inspector.page.locator('[data-testid="review-queue"] option[value="disagreement"]');
    await until(
      'the order enabled',
      () => option.isDisabled(),
      (disabled) => !disabled,
    );
    assert.equal(await option.textContent(), 'Queue: Disagreement (refiner vs step scorer)');
    await inspector.byTestId('review-queue').selectOption('disagreement');
    await inspector.page.evaluate('document.activeElement?.blur()');
    const seen: string[] = [];
    for (let i = 0; i < ranked.length; i++) {
      await inspector.page.keyboard.press('j');
      const id = await until(
        `queue item ${i + 1}`,
        () => inspector.selectedRow.getAttribute('data-rollout-id'),
        (value) => value !== null && value !== seen.at(-1),
      );
      seen.push(id as string);
    }
    assert.deepEqual(
      seen,
      ranked.map((r) => r.id),
    );
  } finally {
    await host.close();
    await inspector.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('without a scorer: no column, the pane says so, the disagreement order stays disabled', async () => {
  const root = await runsFolder([]);
  await mkdir(join(root, 'run'));
  const inspector = await harness.open({ width: 1400, height: 900 });
  const host = await connectScores(inspector, join(root, 'run'), rollouts());
  try {
    await inspector.rows.first().waitFor();
    await inspector.page.waitForTimeout(300); // time for a (wrong) score to arrive
    assert.equal(
      await inspector.byTestId('step-scorer-status').textContent(),
      'No step scorer yet: the trainer writes one beside each checkpoint.',
    );
    assert.equal(await inspector.page.locator('[data-column="predictedFlaw"]').count(), 0);
    assert.equal(await inspector.byTestId('predicted-flaw').count(), 0);
    const option = inspector.page.locator('[data-testid="review-queue"] option[value="disagreement"]');
    assert.equal(await option.isDisabled(), true);
    assert.match((await option.getAttribute('title')) ?? '', /needs step scores/);
    assert.ok(!host.posted.some((m) => m.type === 'stepScores'));
  } finally {
    await host.close();
    await inspector.close();
    await rm(root, { recursive: true, force: true });
  }
});

test('labels made with the keys chart as human-vs-refiner agreement per step', async () => {
  const root = await runsFolder(['run']);
  const inspector = await harness.open({ width: 1400, height: 900 });
  const host = await connectScores(inspector, join(root, 'run'), rollouts());
  try {
    await inspector.rows.first().waitFor();
    await inspector.byTestId('charts-toggle').click();
    const chart = inspector.byTestId('agreement-chart');
    assert.equal(await chart.isVisible(), false, 'no labels yet: no agreement chart');
    // Step 5: both cuts agree with the refiner (cut 2; 0 = nothing wrong on the kept one).
    // Step 12: both disagree.
    const cuts: [string, string][] = [
      ['s5-revised', '2'],
      ['s5-kept', '0'],
      ['s12-q7-g0', '0'],
      ['s12-q7-g1', '1'],
    ];
    for (const [id, key] of cuts) {
      await inspector.row(id).click();
      await inspector.waitForDetail(id);
      await inspector.page.keyboard.press(key);
      await until(
        `label on ${id}`,
        async () => host.store.forRollout('r1', id).length,
        (n) => n === 1,
      );
    }
    await chart.waitFor();
    await until(
      'both steps charted',
      () => chart.getAttribute('data-points'),
      (v) => v === '2',
    );
    await inspector.waitForText(
      inspector.byTestId('agreement-count'),
      '4 labels \u00B7 step 12: 0% exact, kappa -0.33',
    );
    const drawn = await inspector.page.evaluate(`(() => {
      const canvas = document.querySelector('[data-testid="agreement-chart"] canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 200) n++;
      return n;
    })()`);
    assert.ok(Number(drawn) > 50, `the lines and points are drawn (${drawn} opaque pixels)`);
    // A click on the step-5 point filters the list to step 5, as the metric charts do.
    const box = await chart.locator('.u-over').boundingBox();
    assert.ok(box !== null);
    await inspector.page.mouse.click(box.x + 2, box.y + box.height / 2);
    await until(
      'list filtered to step 5',
      () => inspector.rows.count(),
      (n) => n === 2,
    );
  } finally {
    await host.close();
    await inspector.close();
    await rm(root, { recursive: true, force: true });
  }
});

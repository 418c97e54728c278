// The Meta-Refiner and the hybrid reward in the detail, as a reviewer meets them: the cut marker on
// the timeline, kept / dropped / regenerated side by side, the reward formula with the rollout's
// numbers, per-search verdicts; no refiner UI where there was no refiner; broken records harmless.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Rollout } from '../../src/protocol/generated';
import { InspectorHarness } from './harness';
import { payloads } from './hostileRollouts';
import type { InspectorPage } from './inspectorPage';
import { keptRollout, revisedRollout, searchR1Rollout, withRefiner } from './refinerRollouts';

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

async function openDetail(rollouts: Rollout[], id: string): Promise<InspectorPage> {
  const inspector = await harness.open({ width: 1300, height: 900 });
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts });
  await inspector.row(id).click();
  await inspector.waitForDetail(id);
  return inspector;
}

/** The timeline's items in order: a step's number, or 'cut' for the refiner's marker. */
async function timelineOrder(inspector: InspectorPage): Promise<string[]> {
  const items = await inspector.byTestId('timeline').locator(':scope > li').all();
  return Promise.all(items.map(async (item) => (await item.getAttribute('data-step')) ?? 'cut'));
}

/** Each diff column's steps as "Step N Summary" lines. */
async function columnSteps(inspector: InspectorPage, side: string): Promise<string[]> {
  return inspector.byTestId(`diff-${side}`).locator('.diff-step-summary').allInnerTexts();
}

test('a revised rollout: cut marker before step 2, kept / dropped / regenerated, reward breakdown', async () => {
  const revised = revisedRollout();
  const inspector = await openDetail([revised, keptRollout()], revised.id);
  const timeline = inspector.byTestId('timeline');

  const marker = timeline.locator('[data-testid="cut-marker"]');
  assert.equal(await marker.count(), 1);
  assert.match(
    await marker.innerText(),
    /Refiner cut here: earliest flawed step 2, margin 1\.38 ≥ τ 0\.00\s+Steps 2–3 below were regenerated/,
  );
  // Where it sits: after step 1 (the kept prefix), right before the first regenerated step.
  assert.deepEqual(await timelineOrder(inspector), ['1', 'cut', '2', '3']);
  assert.deepEqual(await timeline.locator('.turn-index').allInnerTexts(), ['Step 1', 'Step 2', 'Step 3']);
  const regenerated = await timeline.locator('li[data-step]:has(.regenerated-tag)').all();
  assert.deepEqual(await Promise.all(regenerated.map((step) => step.getAttribute('data-step'))), ['2', '3']);

  assert.deepEqual(
    (await columnSteps(inspector, 'kept')).map((s) => s.replace(/\s+/g, ' ')),
    ['Step 1 Search · director of Jaws'],
  );
  assert.deepEqual(
    (await columnSteps(inspector, 'dropped')).map((s) => s.replace(/\s+/g, ' ')),
    ['Step 2 Search · director of Jaws', 'Step 3 Answer · Los Angeles'],
  );
  assert.deepEqual(
    (await columnSteps(inspector, 'regenerated')).map((s) => s.replace(/\s+/g, ' ')),
    ['Step 2 Search · Steven Spielberg birthplace', 'Step 3 Answer · Cincinnati'],
  );
  const droppedStyle = await inspector.page.evaluate(
    `getComputedStyle(document.querySelector('[data-testid="diff-dropped"] .diff-step-text')).textDecorationLine`,
  );
  assert.equal(droppedStyle, 'line-through', 'the dropped steps are struck through');

  assert.equal(
    await inspector.byTestId('reward-formula').innerText(),
    'R = r_outcome × (1 + r_process) = 1.00 × (1 + 0.50) = 1.50',
  );
  assert.equal(
    await inspector.byTestId('process-count').innerText(),
    'r_process = 1 of 2 searches useful = 0.50',
  );
  assert.equal(
    await inspector.byTestId('advantage-line').innerText(),
    'advantage = +0.83 (R against its GRPO group)',
  );

  assert.deepEqual(await timeline.locator('[data-testid="collection-verdict"]').allInnerTexts(), [
    '✗ not useful · support',
    '✓ useful · support',
  ]);
  assert.match(
    await inspector.byTestId('refiner-verdict').innerText(),
    /^Revised: earliest flawed step 2, margin 1\.38 ≥ τ 0\.00$/,
  );
  const facts = await inspector.byTestId('refiner-facts').innerText();
  assert.match(facts, /prompt refiner-v1-3f2a9c/);
  assert.match(facts, /decision trained/);
  assert.match(facts, /cut attempt trained: R 0\.00, advantage -0\.95/);
  const bars = inspector.byTestId('logprob-row');
  assert.equal(await bars.count(), 4);
  assert.equal(await inspector.page.locator('.logprob-row.chosen').getAttribute('data-step'), '2');
  assert.deepEqual(await inspector.cspViolations(), []);
  await inspector.close();
});

test('the diff is reachable by keyboard: the marker button focuses it, Tab and Enter open a dropped step', async () => {
  const revised = revisedRollout();
  const inspector = await openDetail([revised], revised.id);
  await inspector.byTestId('cut-marker').getByRole('button').focus();
  await inspector.page.keyboard.press('Enter');
  assert.equal(
    await inspector.page.evaluate(`document.activeElement?.getAttribute('data-testid')`),
    'cut-diff',
  );
  // Tab: the diff editor button, then the kept step, then the first dropped one.
  await inspector.page.keyboard.press('Tab');
  assert.equal(
    await inspector.page.evaluate(`document.activeElement?.getAttribute('data-testid')`),
    'cut-diff-open',
  );
  await inspector.page.keyboard.press('Tab');
  await inspector.page.keyboard.press('Tab');
  const focused = await inspector.page.evaluate(`(() => {
    const step = document.activeElement?.closest('details');
    return step ? step.dataset.side + ' ' + step.dataset.step : 'nothing';
  })()`);
  assert.equal(focused, 'dropped 2');
  await inspector.page.keyboard.press('Enter');
  const opened = inspector.byTestId('diff-dropped').locator('details[open] [data-testid="search-query"]');
  assert.equal(await opened.innerText(), 'director of Jaws');
  await inspector.close();
});

test('a kept rollout shows the kept-as-is badge, no cut marker and no diff', async () => {
  const kept = keptRollout();
  const inspector = await openDetail([revisedRollout(), kept], kept.id);
  assert.equal(
    await inspector.byTestId('refiner-kept-badge').innerText(),
    'Kept as is (margin -1.80 < τ 0.00)',
  );
  assert.equal(await inspector.byTestId('cut-marker').count(), 0);
  assert.equal(await inspector.byTestId('cut-diff').count(), 0);
  assert.equal(await inspector.page.locator('.logprob-row.chosen').getAttribute('data-step'), '0');
  assert.deepEqual(await inspector.byTestId('collection-verdict').allInnerTexts(), [
    '✓ useful · llm',
    '✗ not useful · llm reply unparsable',
  ]);
  assert.equal(
    await inspector.byTestId('process-count').innerText(),
    'r_process = 1 of 2 searches useful = 0.50 (1 unparsable judge reply counted as not useful)',
  );
  await inspector.close();
});

test('with the step scorer on, the advantage line names its term and r_prm', async () => {
  const scored = { ...keptRollout(), r_prm: 0.8125, prm_p_flawed: [0.1, 0.2, 0.3] } as Rollout;
  const inspector = await openDetail([scored], scored.id);
  assert.equal(
    await inspector.byTestId('advantage-line').innerText(),
    'advantage = +0.60 (R against its GRPO group, plus the step scorer’s term: ' +
      'prm_weight × (r_prm − the group’s mean r_prm), r_prm = 0.81)',
  );
  // R itself is unchanged by the scorer: the formula line still multiplies out to 1.50.
  assert.equal(
    await inspector.byTestId('reward-formula').innerText(),
    'R = r_outcome × (1 + r_process) = 1.00 × (1 + 0.50) = 1.50',
  );
  await inspector.close();
});

test('a search_r1 rollout shows no refiner UI, its outcome-only reward and the repeated query', async () => {
  const plain = searchR1Rollout();
  const inspector = await openDetail([plain], plain.id);
  for (const id of ['refiner-view', 'cut-marker', 'cut-diff', 'refiner-kept-badge', 'collection-verdict']) {
    assert.equal(await inspector.byTestId(id).count(), 0, `${id} is not shown`);
  }
  assert.equal(
    await inspector.byTestId('reward-formula').innerText(),
    'R = r_outcome = 0.00 (outcome reward only: method search_r1)',
  );
  assert.deepEqual(await inspector.byTestId('repeated-query').allInnerTexts(), ["↻ repeats step 1's query"]);
  const flagged = await inspector
    .byTestId('timeline')
    .locator('li[data-step]:has([data-testid="repeated-query"])')
    .getAttribute('data-step');
  assert.equal(flagged, '2');
  await inspector.close();
});

test('hostile text in dropped turns is shown as text and runs nothing', async () => {
  const hostile = withRefiner('hostile-dropped', {
    ...(revisedRollout() as unknown as { refiner: Record<string, unknown> }).refiner,
    prompt_version: payloads.img,
    decision: 'revise',
    dropped_turns: [
      {
        text: payloads.iframe,
        think: payloads.svg,
        action: 'search',
        query: payloads.script,
        documents: [{ id: payloads.breakout, title: payloads.img, text: payloads.link }],
      },
      { text: payloads.img, action: 'answer', answer: payloads.img },
    ],
  });
  const inspector = await openDetail([hostile], hostile.id);
  const dropped = inspector.byTestId('diff-dropped');
  for (const summary of await dropped.locator('summary.diff-step-summary').all()) await summary.click();
  assert.equal(await dropped.locator('[data-testid="search-query"]').innerText(), payloads.script);
  assert.equal(await dropped.locator('[data-testid="turn-answer"]').innerText(), payloads.img);
  assert.match(await inspector.byTestId('refiner-facts').innerText(), /<img src=x onerror=/);
  await inspector.page.waitForTimeout(300); // give any image error handler time to fire
  // querySelectorAll stays in the light DOM (Playwright's locators would also count the components'
  // own shadow-DOM icons).
  const fromData = await inspector.page.evaluate(
    `document.querySelector('[data-testid="diff-dropped"]').querySelectorAll('script, img, iframe, svg, a').length`,
  );
  assert.equal(fromData, 0, 'no element came from data');
  assert.equal(await inspector.page.evaluate('window.__pwned'), undefined);
  assert.deepEqual(inspector.dialogs, []);
  assert.ok(!harness.requests.some((url) => url === '/x' || url.startsWith('/x?')), 'no payload fetched x');
  assert.deepEqual(await inspector.cspViolations(), []);
  await inspector.close();
});

test('malformed refiner and reward fields render without error and claim nothing false', async () => {
  const junkNumbers = withRefiner(
    'junk-numbers',
    {
      decision: 'revise',
      cut_step: '2',
      margin: 'big',
      tau: null,
      step_logprobs: 'x',
      kept_turns: '1',
      dropped_turns: null,
      decisions: 'no',
      trained: 'yes',
    },
    { r_prm: 'high' },
  );
  const junkTurns = withRefiner(
    'junk-turns',
    {
      decision: 'revise',
      cut_step: 2,
      kept_turns: 99, // beyond the trajectory: the cut step places the marker instead
      step_logprobs: [-1, 'a', null],
      dropped_turns: [1, null, 'turn', { action: 'search', documents: 'x', query: 5 }],
    },
    { collections: 'x', r_process: 'half', advantage: '1' },
  );
  const notAnObject = withRefiner('array-refiner', [1, 2], { r_outcome: 'one' });
  const inspector = await openDetail([junkNumbers, junkTurns, notAnObject], junkNumbers.id);
  const detail = inspector.detail;

  assert.doesNotMatch(await detail.innerText(), /could not be displayed|NaN|undefined|\[object/);
  assert.equal(
    await inspector.byTestId('refiner-verdict').innerText(),
    'Revised: earliest flawed step ?, margin not recorded',
  );
  assert.equal(
    await inspector.byTestId('cut-marker').count(),
    0,
    'no cut drawn where the record does not say where',
  );
  assert.equal(await inspector.byTestId('logprob-row').count(), 0);
  assert.doesNotMatch(await inspector.byTestId('refiner-facts').innerText(), /trained/);
  assert.equal(
    await inspector.byTestId('advantage-line').innerText(),
    'advantage = +0.83 (R against its GRPO group)',
    'an r_prm that is not a number is not claimed',
  );

  await inspector.row(junkTurns.id).click();
  await inspector.waitForDetail(junkTurns.id);
  assert.doesNotMatch(await detail.innerText(), /could not be displayed|NaN|undefined|\[object/);
  assert.deepEqual(await timelineOrder(inspector), ['1', 'cut', '2', '3']);
  assert.deepEqual(
    (await columnSteps(inspector, 'dropped')).map((s) => s.replace(/\s+/g, ' ')),
    ['Step 2 Search · (empty query)'],
  );
  assert.deepEqual(
    (await inspector.byTestId('logprob-row').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ')),
    ['0 · no revision -1.00 (p 0.37)', 'step 1 —', 'step 2 —'],
  );
  assert.equal(await inspector.byTestId('collection-verdict').count(), 0);
  assert.equal(
    await inspector.byTestId('reward-formula').innerText(),
    'R = 1.50 (r_outcome 1.00; r_process not recorded)',
  );
  assert.equal(await inspector.byTestId('advantage-line').count(), 0);

  await inspector.row(notAnObject.id).click();
  await inspector.waitForDetail(notAnObject.id);
  for (const id of ['refiner-view', 'cut-marker', 'cut-diff', 'reward-breakdown']) {
    assert.equal(await inspector.byTestId(id).count(), 0, `${id} is not shown`);
  }
  await inspector.close();
});

test('in a narrow pane the kept, dropped and regenerated columns stack instead of squeezing', async () => {
  const revised = revisedRollout();
  const inspector = await harness.open({ width: 700, height: 900 });
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts: [revised] });
  await inspector.row(revised.id).click();
  await inspector.waitForDetail(revised.id);
  const boxes = await Promise.all(
    ['kept', 'dropped', 'regenerated'].map((side) => inspector.byTestId(`diff-${side}`).boundingBox()),
  );
  const [kept, dropped, regenerated] = boxes;
  assert.ok(kept && dropped && regenerated);
  assert.ok(kept.y < dropped.y && dropped.y < regenerated.y, 'one under the other');
  await inspector.page.screenshot({ path: '/tmp/inspector-detail-cut-narrow.png', fullPage: false });
  await inspector.close();
});

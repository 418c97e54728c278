// Labelling with the keyboard in the real inspector (headless Chromium) against the real host side
// and a real annotation store: what a key does shows in the pane and is what the store holds.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Annotation } from '../../src/annotations/generated';
import type { Rollout } from '../../src/protocol/generated';
import { connectLabelling, type LabellingHost } from './annotateHost';
import { InspectorHarness } from './harness';
import type { InspectorPage } from './inspectorPage';
import { keptRollout, revisedRollout, searchR1Rollout, withRefiner } from './refinerRollouts';

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

async function open(
  rollouts: Rollout[],
  id: string,
): Promise<{ inspector: InspectorPage; host: LabellingHost }> {
  const inspector = await harness.open({ width: 1300, height: 900 });
  const host = await connectLabelling(inspector, rollouts);
  await inspector.row(id).click();
  await inspector.waitForDetail(id);
  return { inspector, host };
}

async function until<T>(what: string, read: () => T | Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
    value = await read();
  }
  return value;
}

const labelOf = (host: LabellingHost, rolloutId: string): Annotation | undefined =>
  host.store.forRollout('r1', rolloutId)[0];

test('keys label the selected rollout: cut, collection, rating, undo / redo, note; the pane and the store agree', async () => {
  const revised = revisedRollout();
  const { inspector, host } = await open([revised, keptRollout()], revised.id);
  const { page } = inspector;
  const pane = inspector.byTestId('label-pane');
  await inspector.waitForText(pane.locator('[data-testid="label-delivery"]'), 'not labelled');

  await page.keyboard.press('2');
  const cut = await until(
    'cut 2 saved',
    () => labelOf(host, revised.id),
    (a) => a?.cut === 2,
  );
  assert.equal(cut?.author, 'ada');
  assert.deepEqual(cut?.refiner_at_label_time, { decision: 'revise', cut_step: 2, margin: 1.38 });
  assert.ok((cut?.seconds_spent ?? -1) >= 0);
  await until(
    'cut shown',
    () => inspector.byTestId('label-cut-2').getAttribute('aria-pressed'),
    (v) => v === 'true',
  );
  assert.match(
    (await inspector.byTestId('label-delivery').textContent()) ?? '',
    /^saved → sent → acknowledged → applied$/,
  );

  // Step 1 is a search: m labels its documents misleading; then - rates it −1; ] moves to step 2, + rates it +1.
  await page.keyboard.press('m');
  await page.keyboard.press('-');
  await page.keyboard.press(']');
  await page.keyboard.press('+');
  let label = await until(
    'labels saved',
    () => labelOf(host, revised.id),
    (a) => a?.step_ratings['2'] === 1,
  );
  assert.deepEqual(label?.collections, { '1': 'misleading' });
  assert.deepEqual(label?.step_ratings, { '1': -1, '2': 1 });
  const step2 = inspector.byTestId('label-step').nth(1);
  await until(
    'step 2 shows +1',
    () => step2.getAttribute('data-rating'),
    (v) => v === '1',
  );
  assert.equal(await step2.getAttribute('aria-current'), 'step');

  // Step 3 is the answer: u is refused with a reason, nothing saved.
  await page.keyboard.press(']');
  await page.keyboard.press('u');
  await inspector.waitForText(inspector.byTestId('label-message'), /Step 3 is not a search/);

  await page.keyboard.press('Control+z');
  label = await until(
    'undo',
    () => labelOf(host, revised.id),
    (a) => a?.step_ratings['2'] === undefined,
  );
  assert.deepEqual(label?.step_ratings, { '1': -1 });
  await until(
    'pane shows the undo',
    () => step2.getAttribute('data-rating'),
    (v) => v === '',
  );
  await page.keyboard.press('Control+Shift+Z');
  await until(
    'redo',
    () => labelOf(host, revised.id),
    (a) => a?.step_ratings['2'] === 1,
  );

  // a: accept the refiner's own decision; pressing a digit for the cut already chosen clears it.
  await page.keyboard.press('a');
  await until(
    'accept',
    () => labelOf(host, revised.id),
    (a) => a?.cut === 'accept',
  );

  // A hostile note stays text.
  await page.keyboard.press('t');
  const hostile = '<img src=x onerror="window.__pwned=1">';
  await inspector.byTestId('label-note-input').fill(hostile);
  await inspector.byTestId('label-note-input').press('Enter');
  await until(
    'note saved',
    () => labelOf(host, revised.id),
    (a) => a?.note === hostile,
  );
  await inspector.waitForText(inspector.byTestId('label-note'), hostile);
  assert.equal(await pane.locator('img').count(), 0);
  assert.deepEqual(await inspector.cspViolations(), []);
  assert.deepEqual(inspector.dialogs, []);

  // Delivery as the trainer reports it shows in the pane.
  const id = labelOf(host, revised.id)?.id as string;
  await host.store.markSent([id]);
  await host.store.markAcked(id);
  await host.store.markApplied([id], 14);
  await inspector.waitForText(inspector.byTestId('label-delivery'), /acknowledged → applied at step 14$/);
  assert.equal(await inspector.row(revised.id).getAttribute('data-label'), 'labelled');
  assert.equal(await inspector.row('s12-q7-g1').getAttribute('data-label'), null);

  // The list's label filter.
  const filter = inspector.byTestId('label-filter');
  await filter.selectOption('labelled');
  await until(
    'only labelled rows',
    () => inspector.rows.count(),
    (n) => n === 1,
  );
  assert.equal(await inspector.rows.first().getAttribute('data-rollout-id'), revised.id);
  await filter.selectOption('unlabelled');
  await until(
    'only unlabelled rows',
    () => inspector.rows.first().getAttribute('data-rollout-id'),
    (id) => id === 's12-q7-g1',
  );
  assert.equal(await inspector.rows.count(), 1);
  await filter.selectOption('');
  await until(
    'all rows',
    () => inspector.rows.count(),
    (n) => n === 2,
  );
  await host.close();
  await inspector.close();
});

test('? shows every key; j / k move through the list; typing in the filter is not labelling', async () => {
  const rollouts = [revisedRollout(), keptRollout(), searchR1Rollout()];
  const { inspector, host } = await open(rollouts, rollouts[0]?.id as string);
  const { page } = inspector;
  const sheet = inspector.byTestId('cheat-sheet');
  assert.equal(await sheet.isVisible(), false);
  await page.keyboard.press('?');
  await sheet.waitFor({ state: 'visible' });
  const text = (await sheet.innerText()).replace(/\s+/g, ' ');
  for (const key of ['a', '0 – 9', 'u n m', '+ - =', 't', 'g', 'j k', 'Ctrl+Z', 'Ctrl+Shift+Z', '?', '[ ]']) {
    assert.ok(text.includes(key), `cheat sheet lists ${key}: ${text}`);
  }
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'hidden' });

  await page.keyboard.press('j');
  await inspector.waitForDetail('s12-q7-g1');
  await page.keyboard.press('j');
  await inspector.waitForDetail('s12-q7-g2');
  await page.keyboard.press('k');
  await inspector.waitForDetail('s12-q7-g1');

  const search = inspector.byTestId('search-input');
  await search.click();
  await search.pressSequentially('j2a?');
  assert.equal(await search.inputValue(), 'j2a?');
  assert.equal(await sheet.isVisible(), false);
  await inspector.settle();
  assert.equal(host.store.all().length, 0, 'keys typed into the filter label nothing');
  await host.close();
  await inspector.close();
});

test('the review queue walks unlabelled rollouts by refiner uncertainty, newest, or correct-with-poor-searches', async () => {
  const rollout = (id: string, step: number, margin: number, em: number, rProcess: number): Rollout =>
    withRefiner(
      id,
      { decision: margin > 0 ? 'revise' : 'keep', cut_step: margin > 0 ? 2 : 0, margin, tau: 0.5 },
      {
        step,
        em,
        r_process: rProcess,
      },
    );
  const rollouts = [
    rollout('r-a', 1, 3.0, 1, 0.9), // |margin − τ| 2.5
    rollout('r-b', 2, 0.6, 0, 0.1), // 0.1
    rollout('r-c', 3, -0.5, 1, 0.2), // 1.0
    rollout('r-d', 3, 0.45, 1, 0.5), // 0.05
  ];
  const { inspector, host } = await open(rollouts, 'r-a');
  const { page } = inspector;
  const picker = inspector.byTestId('review-queue');
  const disabled = picker.locator('option[disabled]');
  assert.equal(await disabled.count(), 1);
  assert.match((await disabled.getAttribute('title')) ?? '', /^needs step scores/);

  const walk = async (order: string, first: string): Promise<string[]> => {
    await picker.selectOption(order);
    await inspector.row(first).click();
    await inspector.waitForDetail(first);
    const seen = [first];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('j');
      await inspector.settle();
      const shown = (await inspector.detail.getAttribute('data-rollout-id')) as string;
      if (shown === seen[seen.length - 1]) break;
      seen.push(shown);
    }
    return seen;
  };
  assert.deepEqual(await walk('uncertainty', 'r-d'), ['r-d', 'r-b', 'r-c', 'r-a']);
  assert.deepEqual(await walk('newest', 'r-d'), ['r-d', 'r-c', 'r-b', 'r-a']);
  assert.deepEqual(await walk('poorSearches', 'r-c'), ['r-c', 'r-d', 'r-a']);

  // A labelled rollout leaves the queue.
  await picker.selectOption('uncertainty');
  await inspector.row('r-b').click();
  await inspector.waitForDetail('r-b');
  await page.keyboard.press('0');
  await until(
    'r-b labelled',
    () => labelOf(host, 'r-b'),
    (a) => a?.cut === 0,
  );
  await inspector.row('r-d').click();
  await inspector.waitForDetail('r-d');
  await page.keyboard.press('j');
  await inspector.waitForDetail('r-c');
  await inspector.waitForText(inspector.byTestId('queue-left'), '3 left in the review queue');
  await host.close();
  await inspector.close();
});

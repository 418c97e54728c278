// The virtualised list under a user's hands: keyboard selection, following the tail of a live run,
// and a 100k-rollout run that keeps only a window of rows in the DOM.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InspectorHarness } from './harness';
import type { InspectorPage } from './inspectorPage';
import { syntheticRollouts } from './rollouts';

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

async function selectedIndex(inspector: InspectorPage, ids: string[]): Promise<number> {
  const id = await inspector.selectedRow.getAttribute('data-rollout-id');
  return id === null ? -1 : ids.indexOf(id);
}

test('arrow keys, Home/End and PageUp/PageDown move the selection; Enter opens the detail', async () => {
  const inspector = await harness.open();
  const rollouts = syntheticRollouts(200);
  const ids = rollouts.map((r) => r.id);
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts });
  await inspector.rows.first().waitFor();
  await inspector.list.focus();
  const press = (key: string) => inspector.page.keyboard.press(key);

  await press('ArrowDown');
  assert.equal(await selectedIndex(inspector, ids), 0, 'the first ArrowDown selects the first row');
  await press('ArrowDown');
  await press('ArrowDown');
  assert.equal(await selectedIndex(inspector, ids), 2);
  await press('ArrowUp');
  assert.equal(await selectedIndex(inspector, ids), 1);
  await press('End');
  assert.equal(await selectedIndex(inspector, ids), 199, 'End selects the last row and scrolls to it');
  assert.ok(await inspector.selectedRow.isVisible());
  await press('Home');
  assert.equal(await selectedIndex(inspector, ids), 0);
  await press('PageDown');
  const page = await selectedIndex(inspector, ids);
  assert.ok(page > 10 && page < 40, `PageDown moves by about a screen (moved to ${page})`);
  await press('PageUp');
  assert.equal(await selectedIndex(inspector, ids), 0);
  assert.equal(
    await inspector.detail.getAttribute('data-rollout-id'),
    ids[0],
    'the detail follows the selection',
  );

  await press('Enter');
  const focusedTestId = await inspector.page.evaluate('document.activeElement?.dataset?.testid');
  assert.equal(focusedTestId, 'rollout-detail', 'Enter moves focus into the detail');
  await press('Escape');
  assert.equal(await inspector.page.evaluate('document.activeElement?.dataset?.testid'), 'rollout-list');
  await inspector.close();
});

test('follows new rollouts at the bottom and stops following when the user scrolls up', async () => {
  const inspector = await harness.open({ width: 1000, height: 500 });
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts: syntheticRollouts(100) });
  const last = (n: number) => syntheticRollouts(1, n - 1)[0]?.id ?? '';
  await inspector.row(last(100)).waitFor();
  const follow = inspector.byTestId('follow-toggle');
  assert.equal(await follow.getAttribute('checked'), '', 'following by default');

  await inspector.send({ type: 'rollouts', rollouts: syntheticRollouts(20, 100) });
  await inspector.row(last(120)).waitFor();
  assert.ok(await inspector.row(last(120)).isVisible(), 'the newest rollout is scrolled into view');

  await inspector.list.hover();
  await inspector.page.mouse.wheel(0, -600);
  await inspector.page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelector(s: string): { checked: boolean } } }
      ).document.querySelector('[data-testid="follow-toggle"]').checked === false,
  );
  const before = await inspector.listScroll();
  await inspector.send({ type: 'rollouts', rollouts: syntheticRollouts(20, 120) });
  await inspector.page.waitForTimeout(100);
  const afterAppend = await inspector.listScroll();
  assert.equal(afterAppend.scrollTop, before.scrollTop, 'the view stays where the user put it');
  assert.ok(afterAppend.scrollHeight > before.scrollHeight);
  assert.equal(await inspector.row(last(140)).count(), 0, 'the newest row is off screen, not rendered');

  await follow.click();
  await inspector.row(last(140)).waitFor();
  assert.ok(await inspector.row(last(140)).isVisible(), 'turning follow back on jumps to the newest rollout');
  await inspector.close();
});

test('a live stream of small batches is listed in order while following the tail', async () => {
  const inspector = await harness.open({ width: 1000, height: 500 });
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts: [] });
  // 3,000 rollouts in batches of 50 every 20 ms: the host's 50 ms batcher at well over 2,000/s.
  for (let from = 0; from < 3000; from += 50) {
    await inspector.send({ type: 'rollouts', rollouts: syntheticRollouts(50, from) });
    await inspector.page.waitForTimeout(20);
  }
  const lastId = syntheticRollouts(1, 2999)[0]?.id ?? '';
  await inspector.row(lastId).waitFor();
  assert.ok(await inspector.row(lastId).isVisible(), 'the newest rollout is on screen');
  assert.match(await inspector.byTestId('rollout-count').innerText(), /^3,000 rollouts$/);
  const shownIds = await inspector.rows.evaluateAll((rows) =>
    rows.map((row) => row.getAttribute('data-rollout-id')),
  );
  const expected = syntheticRollouts(3000).map((r) => r.id);
  const positions = shownIds.map((id) => expected.indexOf(id ?? ''));
  assert.ok(
    positions.every((p) => p >= 2900),
    'only rows near the tail exist',
  );
  await inspector.close();
});

test('100k rollouts render quickly with only a window of row elements in the DOM', async () => {
  const inspector = await harness.open();
  const rollouts = syntheticRollouts(100_000);
  const lastId = rollouts[99_999]?.id ?? '';
  const elapsed = await inspector.sendAndTime(
    { type: 'init', status: { state: 'running' }, rollouts },
    `[data-testid="rollout-row"][data-rollout-id="${lastId}"]`,
  );
  const rendered = await inspector.rows.count();
  assert.ok(rendered > 10 && rendered < 120, `only visible rows exist (${rendered})`);
  assert.match(await inspector.byTestId('rollout-count').innerText(), /100,000 rollouts/);
  // The architecture's target is < 1 s to first rows; the bound here is loose for a shared 2-core box.
  assert.ok(elapsed < 3000, `first rows after ${Math.round(elapsed)} ms`);
  console.log(`# 100k rollouts: last rows shown ${Math.round(elapsed)} ms after the init message`);

  await inspector.list.focus();
  await inspector.page.keyboard.press('Home');
  await inspector.row(rollouts[0]?.id ?? '').waitFor();
  assert.equal(await inspector.selectedRow.getAttribute('data-rollout-id'), rollouts[0]?.id);
  assert.ok((await inspector.rows.count()) < 120, 'jumping to the top still keeps a window');
  await inspector.close();
});

// After a reload (VS Code re-creates a hidden or restored webview from scratch), the inspector comes
// back where the user left it: same selection, same follow mode, same scroll position.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InspectorHarness } from './harness';
import { syntheticRollouts } from './rollouts';

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

test('selection, follow-tail and scroll position survive a reload via getState/setState', async () => {
  const inspector = await harness.open({ width: 1000, height: 500 });
  const rollouts = syntheticRollouts(300);
  const init = { type: 'init', status: { state: 'running' }, rollouts } as const;
  await inspector.send(init);
  await inspector.rows.first().waitFor();

  await inspector.list.evaluate((element) => {
    element.scrollTop = 2400; // row 100 at the top: far from the tail, so following stops
  });
  const chosen = rollouts[104];
  assert.ok(chosen);
  await inspector.row(chosen.id).click();
  await inspector.page.waitForTimeout(300); // scroll state is saved debounced
  const before = await inspector.listScroll();

  await inspector.reload();
  await inspector.send(init);
  await inspector.row(chosen.id).waitFor();
  assert.equal(await inspector.row(chosen.id).getAttribute('aria-selected'), 'true');
  assert.equal(await inspector.detail.getAttribute('data-rollout-id'), chosen.id);
  assert.equal(
    await inspector.byTestId('follow-toggle').getAttribute('checked'),
    null,
    'still not following',
  );
  assert.equal((await inspector.listScroll()).scrollTop, before.scrollTop);
  await inspector.close();
});

test('a fresh view follows the tail and selects nothing', async () => {
  const inspector = await harness.open({ width: 1000, height: 500 });
  const rollouts = syntheticRollouts(300);
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts });
  await inspector.row(rollouts[299]?.id ?? '').waitFor();
  assert.equal(await inspector.selectedRow.count(), 0);
  assert.match(await inspector.detail.innerText(), /Select a rollout/);
  await inspector.close();
});

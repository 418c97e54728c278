// Renders a realistic inspector (a few rollouts, one selected, a document open) and saves a
// screenshot for people to look at; it also proves the components render under the real CSP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InspectorHarness } from './harness';
import { fixtureRollouts, syntheticRollouts } from './rollouts';

const screenshotPath = process.env.INSPECTOR_SCREENSHOT ?? '/tmp/inspector-harness.png';

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

test('a populated inspector renders without CSP violations (screenshot saved)', async () => {
  const inspector = await harness.open({ width: 1280, height: 760 });
  const rollouts = [...syntheticRollouts(12), ...fixtureRollouts()];
  await inspector.send({
    type: 'init',
    status: { state: 'running', step: 3, maxSteps: 40, runId: 'demo', message: 'GRPO on demo-1hop' },
    rollouts,
  });
  const selected = fixtureRollouts()[0];
  assert.ok(selected);
  await inspector.row(selected.id).click();
  await inspector.detail
    .locator('[data-testid="document"]')
    .first()
    .click({ position: { x: 40, y: 10 } });
  await inspector.detail.locator('[data-testid="document-text"]').first().waitFor({ state: 'visible' });
  await inspector.page.screenshot({ path: screenshotPath });
  assert.deepEqual(await inspector.cspViolations(), []);
  await inspector.close();
});

test('the inspector follows the theme: a light theme gives light surfaces and theme selection colours', async () => {
  const inspector = await harness.open({ width: 1280, height: 760 }, 'light');
  await inspector.send({ type: 'init', status: { state: 'idle' }, rollouts: fixtureRollouts() });
  await inspector.rows.first().click();
  const colours = await inspector.page.evaluate(`({
    body: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(document.body).color,
    selected: getComputedStyle(document.querySelector('[aria-selected="true"]')).backgroundColor,
  })`);
  assert.deepEqual(colours, {
    body: 'rgb(255, 255, 255)',
    text: 'rgb(59, 59, 59)',
    selected: 'rgb(232, 232, 232)',
  });
  await inspector.page.screenshot({ path: screenshotPath.replace(/\.png$/, '-light.png') });
  await inspector.close();
});

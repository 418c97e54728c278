// Renders a realistic inspector (a few rollouts, one selected, a document open) and saves a
// screenshot for people to look at; it also proves the components render under the real CSP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InspectorHarness } from './harness';
import { fixtureRollouts, syntheticRollout, syntheticRollouts } from './rollouts';

const screenshotPath = process.env.INSPECTOR_SCREENSHOT ?? '/tmp/inspector-harness.png';
const featuresPath = screenshotPath.replace(/\.png$/, '-features.png');

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
    search: getComputedStyle(document.querySelector('[data-testid="search-input"]')).backgroundColor,
    outcome: getComputedStyle(document.querySelector('[data-testid="outcome-filter"]')).color,
  })`);
  assert.deepEqual(colours, {
    body: 'rgb(255, 255, 255)',
    text: 'rgb(59, 59, 59)',
    selected: 'rgb(232, 232, 232)',
    search: 'rgb(255, 255, 255)',
    outcome: 'rgb(59, 59, 59)',
  });
  await inspector.page.screenshot({ path: screenshotPath.replace(/\.png$/, '-light.png') });
  await inspector.close();
});

test('filters, a GRPO group and live charts render together without CSP violations (screenshot saved)', async () => {
  const inspector = await harness.open({ width: 1400, height: 860 });
  const sources = ['nq', 'hotpotqa', '2wiki'];
  const rollouts = Array.from({ length: 120 }, (_, i) =>
    syntheticRollout(i, {
      group_id: `s${Math.floor(i / 5)}-q${Math.floor(i / 5)}`,
      id: `s${Math.floor(i / 5)}-q${Math.floor(i / 5)}-g${i % 5}`,
      reward: i % 3 === 0 ? 0 : 1,
      advantage: i % 3 === 0 ? -0.8 : 0.4,
      n_searches: 1 + (i % 3),
      data_source: sources[i % 3],
    }),
  );
  await inspector.send({
    type: 'init',
    status: { state: 'running', step: 23, maxSteps: 40, runId: 'demo', message: 'GRPO on demo-1hop' },
    rollouts,
  });
  await inspector.byTestId('charts-toggle').click();
  for (let step = 0; step < 24; step++) {
    const wave = Math.sin(step / 3) * 0.05;
    await inspector.send({
      type: 'metrics',
      step,
      metrics: {
        reward_mean: 0.3 + step * 0.02 + wave,
        em_mean: 0.25 + step * 0.018 + wave,
        searches_mean: 1 + step * 0.04 - wave,
        step_seconds: 3.1 + Math.cos(step) * 0.4,
      },
    });
  }
  await inspector.byTestId('outcome-filter').selectOption('correct');
  await inspector.byTestId('search-input').fill('document 4');
  await inspector.waitForText(inspector.byTestId('match-count'), '8 of 120 match');
  const reward = inspector.page.locator('[data-testid="sort-header"][data-column="reward"]');
  await reward.click();
  await inspector.rows.nth(1).click();
  await inspector.byTestId('group-view').waitFor();
  await inspector.settle();
  await inspector.page.screenshot({ path: featuresPath });
  assert.deepEqual(await inspector.cspViolations(), []);
  await inspector.close();
});

// Screenshots of the detail for people to look at (and for the README): a revised rollout with its
// cut, diff and reward breakdown, and a GRPO group whose siblings the refiner judged differently.
// Saved under /tmp by default; DETAIL_SCREENSHOT_DIR=media writes the README's copies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Rollout } from '../../src/protocol/generated';
import type { HostToWebview } from '../../src/protocol/webviewMessages';
import { InspectorHarness } from './harness';
import { keptRollout, revisedRollout, searchR1Rollout } from './refinerRollouts';
import { syntheticRollouts } from './rollouts';

const outDir = process.env.DETAIL_SCREENSHOT_DIR ?? '/tmp';
const outFile = (name: string) =>
  path.join(outDir, outDir === '/tmp' ? `inspector-${name}` : `screenshot-${name}`);

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

/** One question's GRPO group: revised, kept, and an outcome-only sibling, among other steps' rollouts. */
function group(): Rollout[] {
  const wrong = { ...searchR1Rollout(), id: 's12-q7-g2', method: 'search_r2', group_id: 's12-q7' } as Rollout;
  return [...syntheticRollouts(10), revisedRollout(), keptRollout(), wrong];
}

test('the detail of a revised rollout: cut marker, kept / dropped / regenerated, reward (screenshot saved)', async () => {
  const inspector = await harness.open({ width: 1440, height: 1000 });
  await inspector.send({
    type: 'init',
    status: { state: 'running', step: 12, maxSteps: 50, runId: 'demo', message: 'GRPO + Meta-Refiner' },
    rollouts: group(),
  });
  const revised = revisedRollout();
  await inspector.row(revised.id).click();
  await inspector.waitForDetail(revised.id);
  // Open the dropped answer so the picture shows what the refiner threw away.
  await inspector.byTestId('diff-dropped').locator('summary').last().click();
  // Scrolled so the reward, the refiner panel, the diff and the cut marker on the timeline are all in view.
  await inspector.page.evaluate(
    `document.querySelector('[data-testid="reward-breakdown"]').scrollIntoView({ block: 'start' })`,
  );
  await inspector.settle();
  await inspector.page.screenshot({ path: outFile('detail-cut.png') });
  assert.deepEqual(await inspector.cspViolations(), []);
  await inspector.close();
});

test("a GRPO group shows each sibling's refiner verdict beside its advantage (screenshot saved)", async () => {
  const inspector = await harness.open({ width: 1440, height: 900 });
  await inspector.send({
    type: 'init',
    status: { state: 'running', step: 12, maxSteps: 50 },
    rollouts: group(),
  });
  const revised = revisedRollout();
  await inspector.row(revised.id).click();
  await inspector.byTestId('group-view').waitFor();
  await inspector.settle();
  await inspector.page.screenshot({ path: outFile('group.png') });
  assert.deepEqual(await inspector.page.locator('td.group-refiner').allInnerTexts(), ['cut @2', 'kept', '—']);
  await inspector.close();
});

test('the charts of a real demo run with the Meta-Refiner: reward, EM, revise rate, r_process (screenshot saved)', async () => {
  // metrics.jsonl of a 30-step demo run (method search_r2, seed 0) from bench/ladder.py.
  const lines = readFileSync(path.join(__dirname, '../fixtures/metrics/search-r2-demo.metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const inspector = await harness.open({ width: 1440, height: 900 });
  await inspector.send({
    type: 'init',
    status: { state: 'running', step: 30, maxSteps: 30 },
    rollouts: group(),
  });
  await inspector.byTestId('charts-toggle').click();
  for (const { step, phase, time: _time, ...metrics } of lines) {
    await inspector.send({ type: 'metrics', step, phase, metrics } as HostToWebview);
  }
  const revise = inspector.page.locator('[data-metric="revise_rate"]');
  await revise.waitFor();
  assert.equal(await revise.getAttribute('data-points'), '30');
  await inspector.settle();
  await inspector.page.screenshot({ path: outFile('charts.png') });
  assert.deepEqual(await inspector.cspViolations(), []);
  await inspector.close();
});

test('the label pane with regenerations from step k, and the cut diff button (screenshot saved)', async () => {
  const inspector = await harness.open({ width: 1440, height: 1000 });
  await inspector.send({
    type: 'init',
    status: { state: 'paused', step: 12, maxSteps: 50, runId: 'demo' },
    rollouts: group(),
  });
  const revised = revisedRollout();
  await inspector.send({
    type: 'regenerations',
    state: {
      runId: 'demo',
      available: true,
      entries: [
        {
          key: 'a',
          rolloutId: revised.id,
          fromStep: 2,
          state: 'done',
          policyStep: 12,
          answer: 'Cincinnati',
          em: 1,
          reward: 1.5,
          steps: 3,
        },
        {
          key: 'b',
          rolloutId: revised.id,
          fromStep: 1,
          state: 'done',
          policyStep: 12,
          answer: 'Los Angeles',
          em: 0,
          reward: 0,
          steps: 2,
        },
        { key: 'c', rolloutId: revised.id, fromStep: 3, state: 'waiting' },
      ],
    },
  });
  await inspector.row(revised.id).click();
  await inspector.waitForDetail(revised.id);
  await inspector.page.keyboard.press(']');
  await inspector.waitForText(inspector.byTestId('regenerate-button'), 'From step 2 (r)');
  assert.equal(await inspector.byTestId('regeneration-entry').count(), 3);
  await inspector.page.evaluate(
    `document.querySelector('[data-testid="cut-diff"]').scrollIntoView({ block: 'start' })`,
  );
  await inspector.settle();
  await inspector.page.screenshot({ path: outFile('regenerate.png') });
  assert.deepEqual(await inspector.cspViolations(), []);
  await inspector.close();
});

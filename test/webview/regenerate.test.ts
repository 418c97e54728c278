// Regenerate from step k in the real inspector (headless Chromium), through the real panel and
// regeneration book to a stand-in trainer over stdio: r asks for the focused step, the pane shows the
// request waiting and then the new answer, Open diff asks the host for the diff; without a live
// trainer of the run, r says why and asks nothing. The trainer's text is shown as text.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { InspectorRegenerations } from '../../src/panel/inspectorRegenerations';
import { RegenerationBook } from '../../src/regenerate/regenerationBook';
import { TrainerSession } from '../../src/trainer/trainerSession';
import { connectLabelling } from './annotateHost';
import { InspectorHarness } from './harness';
import { revisedRollout } from './refinerRollouts';

const fake = fileURLToPath(new URL('../unit/fixtures/regenerateTrainer.mjs', import.meta.url));

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

function regenerationsOf(
  book: RegenerationBook,
  opened: string[],
  refused: string[],
): InspectorRegenerations {
  return {
    stateFor: (runId) => book.stateFor(runId),
    onDidChange: book.onDidChange,
    request: (runId, rolloutId, step) =>
      void book.request(runId, rolloutId, step).catch((err: Error) => refused.push(err.message)),
    open: (key) => opened.push(key),
    openCut: (rolloutId) => opened.push(`cut:${rolloutId}`),
  };
}

test('r regenerates from the focused step; the pane shows it waiting, then the answer; Open diff asks the host', async () => {
  const session = new TrainerSession({ argv: [process.execPath, fake, 'ok'], startTimeoutMs: 5_000 });
  const book = new RegenerationBook();
  book.follow(session);
  await session.start();
  const opened: string[] = [];
  const refused: string[] = [];
  // The stand-in trainer knows rollout s1-a of run r1 (the inspector's run in connectLabelling).
  const rollout = { ...revisedRollout(), id: 's1-a' };
  const inspector = await harness.open({ width: 1300, height: 900 });
  const host = await connectLabelling(inspector, [rollout], regenerationsOf(book, opened, refused));
  try {
    await inspector.row('s1-a').click();
    await inspector.waitForDetail('s1-a');
    const button = inspector.byTestId('regenerate-button');
    await inspector.waitForText(button, 'From step 1 (r)');
    assert.equal(await button.isDisabled(), false);
    await inspector.page.keyboard.press(']'); // focus step 2
    await inspector.waitForText(button, 'From step 2 (r)');
    await inspector.page.keyboard.press('r');
    await inspector.waitForPosted((m) => m.type === 'regenerate' && m.step === 2 && m.rolloutId === 's1-a');
    const entry = inspector.byTestId('regeneration-entry');
    await inspector.waitForText(entry, /from step 2, policy step 4: “Ada” · EM 1 · R 1\.5 · 2 steps/);
    assert.equal(await entry.getAttribute('data-state'), 'done');
    await inspector.byTestId('regeneration-open').click();
    await inspector.waitForPosted((m) => m.type === 'openRegeneration');
    for (let i = 0; i < 50 && opened.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(opened, [book.forRun('r1')[0]?.key]);
    assert.deepEqual(refused, []);
  } finally {
    await host.close();
    await inspector.close();
    await session.stop(2_000, 500);
    session.dispose();
    book.dispose();
  }
});

test('with no live trainer of the run, r says why and asks nothing', async () => {
  const book = new RegenerationBook(); // follows no trainer
  const rollout = revisedRollout();
  const inspector = await harness.open({ width: 1300, height: 900 });
  const host = await connectLabelling(inspector, [rollout], regenerationsOf(book, [], []));
  try {
    await inspector.row(rollout.id).click();
    await inspector.waitForDetail(rollout.id);
    const button = inspector.byTestId('regenerate-button');
    await inspector.waitForText(button, 'From step 1 (r)');
    assert.equal(await button.isDisabled(), true);
    assert.match((await button.getAttribute('title')) ?? '', /needs a running training/);
    await inspector.page.keyboard.press('r');
    await inspector.waitForText(inspector.byTestId('label-message'), /needs a running training/);
    assert.ok(!(await inspector.posted()).some((m) => m.type === 'regenerate'));
  } finally {
    await host.close();
    await inspector.close();
    book.dispose();
  }
});

test("a revised rollout's cut opens in VS Code's diff editor from the kept / dropped / regenerated section", async () => {
  const opened: string[] = [];
  const rollout = revisedRollout();
  const inspector = await harness.open({ width: 1300, height: 900 });
  const host = await connectLabelling(
    inspector,
    [rollout],
    regenerationsOf(new RegenerationBook(), opened, []),
  );
  try {
    await inspector.row(rollout.id).click();
    await inspector.waitForDetail(rollout.id);
    await inspector.byTestId('cut-diff-open').click();
    await inspector.waitForPosted((m) => m.type === 'openCutDiff' && m.rolloutId === rollout.id);
    for (let i = 0; i < 50 && opened.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(opened, [`cut:${rollout.id}`]);
  } finally {
    await host.close();
    await inspector.close();
  }
});

// The inspector as a user meets it: empty state, rows after init, the step timeline of a selection,
// the run header and its Start/Stop buttons.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InspectorHarness } from './harness';
import { fixtureRollouts, syntheticRollouts } from './rollouts';

let harness: InspectorHarness;
before(async () => {
  harness = await InspectorHarness.start();
});
after(async () => harness.close());

test('posts ready once and shows the empty state until rollouts arrive', async () => {
  const inspector = await harness.open();
  const readies = (await inspector.posted()).filter((message) => message.type === 'ready');
  assert.equal(readies.length, 1);
  await inspector.send({ type: 'init', status: { state: 'idle' }, rollouts: [] });
  await inspector.byTestId('empty-state').waitFor();
  assert.match(
    await inspector.byTestId('empty-state').innerText(),
    /No rollouts yet — run Search-R2: Start Training/,
  );
  assert.equal(await inspector.rows.count(), 0);
  await inspector.close();
});

test('rows show question, answer and EM after init and rollouts messages', async () => {
  const inspector = await harness.open();
  const [good, bad] = fixtureRollouts();
  assert.ok(good && bad);
  await inspector.send({
    type: 'init',
    status: { state: 'running', step: 1, maxSteps: 2 },
    rollouts: [good],
  });
  await inspector.row(good.id).waitFor();
  const goodText = await inspector.row(good.id).innerText();
  assert.match(goodText, /Where was Talo Venmir born\?/);
  assert.match(goodText, /Orsk/);
  assert.match(goodText, /✓/);

  await inspector.send({ type: 'rollouts', rollouts: [bad] });
  await inspector.row(bad.id).waitFor();
  const badText = await inspector.row(bad.id).innerText();
  assert.match(badText, /no answer/);
  assert.match(badText, /✗/);
  assert.equal(await inspector.byTestId('empty-state').isVisible(), false);
  assert.match(await inspector.byTestId('rollout-count').innerText(), /^2 rollouts$/);
  await inspector.close();
});

test('a rollout delivered twice is listed once', async () => {
  const inspector = await harness.open();
  const rollouts = syntheticRollouts(3);
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts });
  await inspector.send({ type: 'rollouts', rollouts: rollouts.slice(1) });
  await inspector.rows.first().waitFor();
  assert.equal(await inspector.rows.count(), 3);
  await inspector.close();
});

test('selecting a row shows its turns, search query and retrieved documents', async () => {
  const inspector = await harness.open();
  const [good] = fixtureRollouts();
  assert.ok(good);
  await inspector.send({ type: 'init', status: { state: 'running' }, rollouts: [good] });
  await inspector.row(good.id).click();
  assert.equal(await inspector.row(good.id).getAttribute('aria-selected'), 'true');

  const detail = inspector.detail;
  await detail.locator('[data-testid="turn"]').first().waitFor();
  assert.equal(await detail.getAttribute('data-rollout-id'), good.id);
  assert.equal(await detail.locator('[data-testid="turn"]').count(), 2);
  assert.equal(await detail.locator('[data-testid="search-query"]').innerText(), 'Talo Venmir');
  assert.match(await detail.locator('[data-testid="golden-answers"]').innerText(), /Orsk/);
  assert.match(await detail.innerText(), /I need Talo Venmir's birthplace\./);

  const documents = detail.locator('[data-testid="document"]');
  assert.equal(await documents.count(), 1);
  const documentText = documents.first().locator('[data-testid="document-text"]');
  assert.equal(await documentText.isVisible(), false, 'documents start collapsed');
  await documents.first().click({ position: { x: 40, y: 10 } });
  await documentText.waitFor({ state: 'visible' });
  assert.equal(await documentText.innerText(), 'Talo Venmir was born in Orsk and works for Kelvane.');
  assert.deepEqual(
    await documentText.locator('mark').allInnerTexts(),
    ['Orsk'],
    'the golden answer is marked',
  );
  assert.equal(await detail.locator('[data-testid="turn-answer"]').innerText(), 'Orsk');
  await inspector.close();
});

test('the run header shows state and progress, and Start/Stop post runCommand', async () => {
  const inspector = await harness.open();
  await inspector.send({ type: 'init', status: { state: 'idle' }, rollouts: [] });
  const status = inspector.byTestId('run-status');
  await status.getByText('Idle').waitFor();
  await inspector.byTestId('start-button').click();
  await inspector.waitForPosted((m) => m.type === 'runCommand' && m.command === 'searchr2.startTraining');

  await inspector.send({
    type: 'status',
    status: { state: 'running', step: 3, maxSteps: 40, message: 'GRPO' },
  });
  await status.getByText('Running').waitFor();
  assert.match(await status.innerText(), /step 3 \/ 40/);
  assert.equal(await inspector.byTestId('start-button').getAttribute('disabled'), '');
  await inspector.byTestId('stop-button').click();
  await inspector.waitForPosted((m) => m.type === 'runCommand' && m.command === 'searchr2.stopTraining');
  const commands = (await inspector.posted()).filter((m) => m.type === 'runCommand');
  assert.equal(commands.length, 2, 'a disabled button posts nothing extra');
  await inspector.close();
});

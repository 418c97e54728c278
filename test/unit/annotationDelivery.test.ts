// Labels from the inspector to a (fake) trainer through the real store on real files: saved before
// sent, acknowledged, applied at a step, re-sent on reconnect, and kept when a trainer takes none.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AnnotationService } from '../../src/annotations/annotationService';
import { AnnotationStore, annotationsPath } from '../../src/annotations/annotationStore';
import type { Annotation } from '../../src/annotations/generated';
import { silentLogger } from '../../src/core/logger';
import type { AnnotationEdit } from '../../src/protocol/webviewMessages';
import { TrainerSession } from '../../src/trainer/trainerSession';

const fake = fileURLToPath(new URL('fixtures/labelTrainer.mjs', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workspace(): Promise<{ folder: string; store: AnnotationStore; service: AnnotationService }> {
  const folder = await mkdtemp(join(tmpdir(), 'searchr2-labels-'));
  const store = await AnnotationStore.open(folder);
  const service = new AnnotationService(() => 'ada', silentLogger);
  service.setStore(store);
  cleanups.push(async () => {
    service.dispose();
    await store.close().catch(() => undefined);
    await rm(folder, { recursive: true, force: true });
  });
  return { folder, store, service };
}

async function trainer(mode: string, folder: string, service: AnnotationService): Promise<TrainerSession> {
  const session = new TrainerSession({
    argv: [process.execPath, fake, mode, join(folder, '.searchr2')],
    startTimeoutMs: 5_000,
    commandTimeoutMs: 5_000,
  });
  service.delivery.attach(session);
  cleanups.push(async () => {
    await session.stop(2_000, 500);
    session.dispose();
  });
  await session.start();
  return session;
}

const edit = (rolloutId: string, change: AnnotationEdit['change']): AnnotationEdit => ({
  runId: 'r1',
  rolloutId,
  step: 1,
  secondsSpent: 12.34,
  refiner: { decision: 'revise', cut_step: 2, margin: 0.7 },
  change,
});

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const receivedLines = (session: TrainerSession) => session.stderrTail.filter((l) => l.startsWith('label '));

test('a label made while the trainer runs is on disk before the trainer gets it, then acked and applied', async () => {
  const { folder, store, service } = await workspace();
  const session = await trainer('takesLabels', folder, service);
  const saved = await service.apply(edit('s1-a', { kind: 'cut', cut: 2 }));
  assert.ok(saved !== undefined);
  await until('applied', () => store.get(saved.id)?.applied_step === 2);
  const label = store.get(saved.id) as Annotation;
  assert.ok(label.sent_at !== null && label.acked_at !== null);
  assert.equal(label.author, 'ada');
  assert.equal(label.seconds_spent, 12.3);
  assert.deepEqual(label.refiner_at_label_time, { decision: 'revise', cut_step: 2, margin: 0.7 });
  const [line] = receivedLines(session);
  assert.match(line ?? '', new RegExp(`^label ${saved.id} durable=true `));
  assert.match(line ?? '', /"cut":2/);
});

test('labels saved with no trainer are sent when a trainer of their run starts; other runs wait', async () => {
  const { folder, store, service } = await workspace();
  const mine = await service.apply(edit('s1-a', { kind: 'collection', step: 1, label: 'misleading' }));
  const rated = await service.apply(edit('s1-a', { kind: 'rating', step: 2, rating: -1 }));
  const other = await service.apply({ ...edit('s1-b', { kind: 'cut', cut: 0 }), runId: 'r9' });
  assert.ok(mine !== undefined && other !== undefined);
  assert.equal(rated?.id, mine.id, 'a second change to the same rollout edits the same label');
  assert.equal(store.get(mine.id)?.sent_at, null);
  const session = await trainer('takesLabels', folder, service);
  await until('acked', () => store.get(mine.id)?.acked_at !== null);
  assert.equal(receivedLines(session).length, 1);
  assert.match(
    receivedLines(session)[0] ?? '',
    /"collections":\{"1":"misleading"\},"step_ratings":\{"2":-1\}/,
  );
  assert.equal(store.get(other.id)?.sent_at, null, 'a label of another run is not sent to this one');
  assert.deepEqual(
    store.unacknowledged().map((a) => a.id),
    [other.id],
  );
});

test('undo after delivery sends the earlier version again; undoing the first change withdraws the label', async () => {
  const { folder, store, service } = await workspace();
  const session = await trainer('takesLabels', folder, service);
  const first = await service.apply(edit('s1-a', { kind: 'cut', cut: 1 }));
  await service.apply(edit('s1-a', { kind: 'cut', cut: 3 }));
  assert.ok(first !== undefined);
  await until(
    'second version acked',
    () => store.get(first.id)?.cut === 3 && store.get(first.id)?.acked_at !== null,
  );
  await service.undo();
  assert.equal(store.get(first.id)?.cut, 1);
  await until('undone version acked', () => store.get(first.id)?.acked_at !== null);
  await service.undo();
  assert.equal(store.get(first.id), undefined);
  await until('withdrawal sent', () => receivedLines(session).length === 4);
  const withdrawal = receivedLines(session)[3] ?? '';
  assert.ok(withdrawal.endsWith(`{"id":"${first.id}","rollout_id":"s1-a","step":1}`), withdrawal);
  await service.redo();
  await until('redone label acked', () => store.get(first.id)?.acked_at !== null);
  assert.equal(store.get(first.id)?.cut, 1);
});

test('a trainer without label support: labels stay saved and unacknowledged, with a status line, not an error', async () => {
  for (const mode of ['noLabels', 'refusesLabels']) {
    const { folder, store, service } = await workspace();
    const session = await trainer(mode, folder, service);
    const saved = await service.apply(edit('s1-a', { kind: 'cut', cut: 'accept' }));
    assert.ok(saved !== undefined);
    await until(`${mode}: status`, () => service.stateFor('r1').message !== undefined);
    assert.match(service.stateFor('r1').message ?? '', /does not take labels/, mode);
    assert.equal(store.get(saved.id)?.acked_at, null);
    assert.deepEqual(
      store.unacknowledged().map((a) => a.id),
      [saved.id],
    );
    assert.equal(receivedLines(session).length, mode === 'noLabels' ? 0 : 1, mode);
    assert.equal(store.get(saved.id)?.sent_at === null, mode === 'noLabels', mode);
  }
});

test('labels survive the store closing and reopening, with their delivery state', async () => {
  const { folder, store, service } = await workspace();
  await trainer('takesLabels', folder, service);
  const saved = await service.apply(
    edit('s1-a', { kind: 'note', note: '<img src=x onerror=alert(1)> "quoted"' }),
  );
  assert.ok(saved !== undefined);
  await until('applied', () => store.get(saved.id)?.applied_step === 2);
  await store.close();
  const onDisk = JSON.parse(await readFile(annotationsPath(folder), 'utf8')) as { annotations: Annotation[] };
  assert.equal(onDisk.annotations[0]?.note, '<img src=x onerror=alert(1)> "quoted"');
  const reopened = await AnnotationStore.open(folder);
  assert.equal(reopened.get(saved.id)?.applied_step, 2);
  await reopened.close();
});

test('a resume from before the step that applied a label takes "applied" back until it is applied again', async () => {
  const { folder, store, service } = await workspace();
  const first = await trainer('takesLabels', folder, service);
  const saved = await service.apply(edit('s1-a', { kind: 'cut', cut: 2 }));
  assert.ok(saved !== undefined);
  await until('applied at step 2', () => store.get(saved.id)?.applied_step === 2);
  await first.stop(2_000, 500);
  // The run crashed after step 2 and resumes from its step-1 checkpoint: step 2's update is lost.
  await trainer('resumesAt1', folder, service);
  await until('no longer applied', () => store.get(saved.id)?.applied_step === null);
  const label = store.get(saved.id) as Annotation;
  assert.ok(label.acked_at !== null, 'still acknowledged: the trainer keeps it in labels.jsonl');
});

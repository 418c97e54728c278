// Regenerate from step k, host side: the book against a stand-in trainer over real stdio (asked,
// waiting, answered; refused; failed; the trainer gone), the saved regenerations.jsonl read back, and
// the diff's two texts.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RegeneratedEvent, Rollout } from '../../src/protocol/generated';
import { RegenerationBook, RegenerationError } from '../../src/regenerate/regenerationBook';
import { cutTexts, regenerationTexts } from '../../src/regenerate/diffTexts';
import { readSavedRegenerations } from '../../src/regenerate/savedRegenerations';
import { TrainerSession } from '../../src/trainer/trainerSession';

const fake = fileURLToPath(new URL('fixtures/regenerateTrainer.mjs', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function trainer(mode: string): Promise<{ book: RegenerationBook; session: TrainerSession }> {
  const session = new TrainerSession({
    argv: [process.execPath, fake, mode],
    startTimeoutMs: 5_000,
    commandTimeoutMs: 5_000,
  });
  const book = new RegenerationBook();
  book.follow(session);
  cleanups.push(async () => {
    await session.stop(2_000, 500);
    session.dispose();
    book.dispose();
  });
  await session.start();
  return { book, session };
}

test('a regeneration waits for its answer, then holds the new steps and score', async () => {
  const { book } = await trainer('ok');
  const changes: string[] = [];
  book.onDidChange(() => changes.push(book.forRun('r1')[0]?.state ?? 'none'));
  const asked = book.request('r1', 's1-a', 2);
  const entry = await asked;
  assert.equal(entry.state, 'done');
  assert.equal(entry.result?.from_step, 2);
  assert.equal(entry.result?.answer, 'Ada');
  assert.deepEqual(
    entry.result?.kept_turns.map((t) => t.action),
    ['search'],
  );
  assert.ok(changes.includes('waiting'), `the waiting entry was shown first: ${changes.join(',')}`);
  const state = book.stateFor('r1');
  assert.equal(state.available, true);
  assert.deepEqual(
    state.entries.map((e) => [e.state, e.fromStep, e.answer, e.em, e.reward, e.steps]),
    [['done', 2, 'Ada', 1, 1.5, 2]],
  );
});

test('a rollout of another run, or none live, cannot be asked for, and the reason says why', async () => {
  const idle = new RegenerationBook();
  assert.match(idle.unavailableReason('r1') ?? '', /needs a running training/);
  await assert.rejects(idle.request('r1', 's1-a', 1), RegenerationError);
  idle.dispose();
  const { book } = await trainer('ok');
  const other = book.stateFor('r0');
  assert.equal(other.available, false);
  assert.match(other.reason ?? '', /running training \(r1\)/);
  await assert.rejects(book.request('r0', 's1-a', 1), /another run/);
});

test("the trainer's refusal reaches the person with its hint, and leaves nothing waiting", async () => {
  const { book } = await trainer('ok');
  await assert.rejects(book.request('r1', 'gone', 1), (err: Error) => {
    assert.ok(err instanceof RegenerationError);
    assert.match(err.message, /'gone' is not one of this trainer's recent rollouts/);
    assert.match(err.message, /Regenerate a rollout of a recent step/);
    return true;
  });
  assert.deepEqual(book.forRun('r1'), []);
});

test('regenerate_failed and a trainer that exits mid-way both end the entry as failed, with why', async () => {
  const failing = await trainer('fail');
  const failed = await failing.book.request('r1', 's1-a', 1);
  assert.equal(failed.state, 'failed');
  assert.match(failed.message ?? '', /out of memory/);

  const crashing = await trainer('crash');
  const lost = await crashing.book.request('r1', 's1-a', 1);
  assert.equal(lost.state, 'failed');
  assert.match(lost.message ?? '', /trainer exited/);
  assert.equal(crashing.book.stateFor('r1').available, false, 'no trainer: nothing more can be asked');
});

const saved = (fromStep: number, seed: number): RegeneratedEvent => ({
  type: 'regenerated',
  id: 'c3',
  rollout_id: 's1-a',
  from_step: fromStep,
  policy_step: 4,
  kept_turns: [],
  original_turns: [{ text: '<answer> Bob </answer>', action: 'answer', answer: 'Bob' }],
  turns: [{ text: '<answer> Ada </answer>', action: 'answer', answer: 'Ada' }],
  answer: 'Ada',
  em: 1,
  reward: 1,
  n_searches: 0,
  seed,
  seconds: 0.1,
});

test("a run folder's regenerations.jsonl is read back; a bad line is skipped and counted", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'searchr2-regen-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  assert.deepEqual(await readSavedRegenerations(dir), { events: [], skipped: 0 });
  const lines = [
    JSON.stringify(saved(1, 7)),
    '{"type":"regenerated"',
    JSON.stringify({ type: 'paused', step: 1 }),
  ];
  await writeFile(join(dir, 'regenerations.jsonl'), `${lines.join('\n')}\n`);
  const read = await readSavedRegenerations(dir);
  assert.equal(read.events.length, 1);
  assert.equal(read.skipped, 2);

  const book = new RegenerationBook();
  book.loadSaved('r1', read.events);
  book.loadSaved('r1', read.events); // read again after a reload: not doubled
  assert.deepEqual(
    book.stateFor('r1').entries.map((e) => [e.state, e.answer]),
    [['done', 'Ada']],
  );
  assert.deepEqual(book.stateFor('r2').entries, []);
  book.dispose();
});

test('the diff texts keep the kept steps identical and differ from step k; control characters are inert', () => {
  const event: RegeneratedEvent = {
    ...saved(2, 7),
    kept_turns: [
      {
        text: '<search> Orsk </search>',
        action: 'search',
        query: 'Orsk\u0007 founder',
        documents: [{ id: 'd1', title: '<b>Orsk</b>', text: 'Founded\nby Ada.' }],
      },
    ],
  };
  const original: Rollout = {
    id: 's1-a',
    step: 1,
    group_id: 'g',
    question_id: 'q1',
    question: 'Who founded Orsk?',
    golden_answers: ['Ada'],
    turns: [],
    answer: 'Bob',
    em: 0,
    reward: 0,
    n_searches: 1,
  };
  const { left, right } = regenerationTexts(event, original);
  const step1 = (text: string) => text.slice(text.indexOf('## Step 1'), text.indexOf('---- regenerated'));
  assert.equal(step1(left), step1(right), 'the kept step reads the same on both sides');
  assert.match(left, /search: Orsk\uFFFD founder/);
  assert.match(left, /Doc 1 \(<b>Orsk<\/b>\): Founded by Ada\./, 'kept as text, one line');
  assert.match(left, /## Step 2: answer\nanswer: Bob/);
  assert.match(right, /## Step 2: answer\nanswer: Ada/);
  assert.match(left, /final answer: Bob\nEM 0 · R 0/);
  assert.match(right, /final answer: Ada\nEM 1 · R 1/);
  assert.match(right, /question: Who founded Orsk\?\ngolden answers: Ada/);
});

test("a revised rollout's cut diff: kept steps and the dropped ones against the final steps", () => {
  const answer = (value: string) => ({
    text: `<answer> ${value} </answer>`,
    action: 'answer' as const,
    answer: value,
  });
  const search = { text: '<search> Orsk </search>', action: 'search' as const, query: 'Orsk', documents: [] };
  const rollout = {
    id: 's2-q1-g0',
    step: 2,
    group_id: 'g',
    question_id: 'q1',
    question: 'Who founded Orsk?',
    golden_answers: ['Ada'],
    turns: [search, answer('Ada')],
    answer: 'Ada',
    em: 1,
    reward: 1,
    n_searches: 1,
    refiner: { decision: 'revise', cut_step: 2, margin: 0.4, kept_turns: 1, dropped_turns: [answer('Bob')] },
  } as Rollout;
  const texts = cutTexts(rollout);
  assert.ok(texts);
  assert.match(
    texts.left,
    /---- the Meta-Refiner cut here \(step 2\) ----\n\n## Step 2: answer\nanswer: Bob/,
  );
  assert.match(texts.right, /## Step 2: answer\nanswer: Ada\n\nfinal answer: Ada\nEM 1 · R 1/);
  assert.doesNotMatch(texts.left, /EM /, 'the first draft was never scored');
  assert.equal(
    cutTexts({ ...rollout, refiner: { decision: 'keep', cut_step: 0, margin: -1 } } as Rollout),
    undefined,
  );
  assert.equal(
    cutTexts({ ...rollout, refiner: { kept_turns: 9, dropped_turns: [answer('x')] } } as Rollout),
    undefined,
  );
});

// Opening a past run's rollouts.jsonl from disk: good lines load in order, bad ones are counted.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readRollouts } from '../../src/runs/readRollouts';

const rollout = (id: string, step: number) => ({
  id,
  step,
  group_id: `s${step}-q1`,
  question_id: 'q1',
  question: 'Who wrote «Faust»?',
  golden_answers: ['Goethe'],
  turns: [{ text: '<answer>Goethe</answer>', action: 'answer', answer: 'Goethe' }],
  answer: 'Goethe',
  em: 1,
  reward: 1,
  n_searches: 0,
});

function file(lines: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'searchr2-rollouts-'));
  const target = path.join(dir, 'rollouts.jsonl');
  writeFileSync(target, lines.join('\n'));
  return target;
}

test('every valid rollout loads, in file order', async () => {
  const loaded = await readRollouts(
    file([
      JSON.stringify(rollout('s1-a', 1)),
      JSON.stringify(rollout('s1-b', 1)),
      JSON.stringify(rollout('s2-a', 2)),
    ]),
  );
  assert.deepEqual(
    loaded.rollouts.map((r) => r.id),
    ['s1-a', 's1-b', 's2-a'],
  );
  assert.equal(loaded.rollouts[0]?.question, 'Who wrote «Faust»?');
  assert.equal(loaded.skipped, 0);
});

test('malformed lines are skipped and counted; the first one is described with its line number', async () => {
  const { n_searches: _dropped, ...missingField } = rollout('bad', 1);
  const loaded = await readRollouts(
    file([
      JSON.stringify(rollout('s1-a', 1)),
      'Traceback (most recent call last):',
      '',
      JSON.stringify(missingField),
      JSON.stringify(rollout('s2-a', 2)),
      JSON.stringify(rollout('s3-a', 3)).slice(0, 40), // cut off by a crash
    ]),
  );
  assert.deepEqual(
    loaded.rollouts.map((r) => r.id),
    ['s1-a', 's2-a'],
  );
  assert.equal(loaded.skipped, 3);
  assert.match(loaded.firstProblem ?? '', /^line 2: not JSON/);
});

test('a file that cannot be read rejects (the caller says so)', async () => {
  await assert.rejects(readRollouts(path.join(tmpdir(), 'no-such-dir-searchr2', 'rollouts.jsonl')), /ENOENT/);
});

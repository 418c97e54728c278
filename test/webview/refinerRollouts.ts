// Rollouts as the trainer writes them with the Meta-Refiner and the hybrid reward on
// (trainer/searchr2/rollout/record.py): one the refiner revised at step 2, one it kept, a
// search_r1 one without a refiner record, and builders for broken records.
import type { Rollout, Turn } from '../../src/protocol/generated';

const search = (query: string, title: string, text: string, think = ''): Turn => ({
  text: `<think>${think}</think> <search> ${query} </search>`,
  think,
  action: 'search',
  query,
  documents: [
    { id: `${title}-1`, title, text, score: 12.4 },
    { id: `${title}-2`, title: `${title} (disambiguation)`, text: `Other uses of ${title}.`, score: 7.1 },
  ],
});

const answer = (value: string, think = ''): Turn => ({
  text: `<think>${think}</think> <answer> ${value} </answer>`,
  think,
  action: 'answer',
  answer: value,
});

/** The final trajectory: step 1 kept, steps 2–3 regenerated after the refiner cut at step 2. */
const revisedTurns: Turn[] = [
  search(
    'director of Jaws',
    'Jaws (film)',
    'Jaws is a 1975 American thriller film directed by Steven Spielberg.',
    'I need the director of Jaws first.',
  ),
  search(
    'Steven Spielberg birthplace',
    'Steven Spielberg',
    'Steven Spielberg was born on December 18, 1946, in Cincinnati, Ohio.',
    'Spielberg directed it; now where was he born?',
  ),
  answer('Cincinnati', 'He was born in Cincinnati.'),
];

/** What the Actor first wrote from step 2 on: it searched the same query again and guessed. */
export const droppedTurns: Turn[] = [
  search(
    'director of Jaws',
    'Jaws (film)',
    'Jaws is a 1975 American thriller film directed by Steven Spielberg.',
  ),
  answer('Los Angeles', 'Probably Los Angeles.'),
];

const base = {
  step: 12,
  group_id: 's12-q7',
  question_id: 'q7',
  question: 'Where was the director of Jaws born?',
  golden_answers: ['Cincinnati', 'Cincinnati, Ohio'],
  data_source: 'demo-2hop',
  n_searches: 2,
};

const refinerBase = {
  prompt_version: 'refiner-v1-3f2a9c',
  logp_revise: -0.22,
  logp_keep: -1.6,
  tau: 0,
  trained: true,
  revisions: 1,
};

export function revisedRollout(): Rollout {
  const decision = {
    ...refinerBase,
    decision: 'revise',
    cut_step: 2,
    margin: 1.38,
    step_logprobs: [-1.6, -2.9, -0.41, -3.3],
    kept_turns: 1,
    dropped_turns: droppedTurns,
    // refiner.train_dropped: the cut attempt answered wrong and its flawed step was trained.
    attempt_reward: 0,
    attempt_advantage: -0.95,
  };
  return {
    ...base,
    id: 's12-q7-g0',
    turns: revisedTurns,
    answer: 'Cincinnati',
    em: 1,
    reward: 1.5,
    r_outcome: 1,
    r_process: 0.5,
    advantage: 0.83,
    method: 'search_r2',
    collections: [
      { turn: 0, useful: 0, judge: 'support', parsed: true },
      { turn: 1, useful: 1, judge: 'support', parsed: true },
    ],
    refiner: { ...decision, decisions: [decision] },
  } as Rollout;
}

export function keptRollout(): Rollout {
  const decision = {
    ...refinerBase,
    decision: 'keep',
    cut_step: 0,
    logp_revise: -2.1,
    logp_keep: -0.3,
    margin: -1.8,
    step_logprobs: [-0.3, -2.5, -2.9, -3.6],
    kept_turns: 3,
    dropped_turns: [],
    revisions: 0,
  };
  return {
    ...base,
    id: 's12-q7-g1',
    turns: revisedTurns,
    answer: 'Cincinnati',
    em: 1,
    reward: 1.5,
    r_outcome: 1,
    r_process: 0.5,
    advantage: 0.6,
    method: 'search_r2',
    collections: [
      { turn: 0, useful: 1, judge: 'llm', parsed: true },
      { turn: 1, useful: 0, judge: 'llm', parsed: false },
    ],
    refiner: { ...decision, decisions: [decision] },
  } as Rollout;
}

export function searchR1Rollout(): Rollout {
  return {
    ...base,
    id: 's12-q7-g2',
    turns: [...droppedTurns.slice(0, 1), ...droppedTurns],
    answer: 'Los Angeles',
    em: 0,
    reward: 0,
    r_outcome: 0,
    r_process: 0,
    advantage: -1.2,
    method: 'search_r1',
    collections: [],
  } as Rollout;
}

/** A revised rollout whose refiner record has been replaced by `refiner`. */
export function withRefiner(id: string, refiner: unknown, extra: Record<string, unknown> = {}): Rollout {
  return { ...revisedRollout(), id, refiner, ...extra } as Rollout;
}

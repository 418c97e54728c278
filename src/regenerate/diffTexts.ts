// The two sides of a diff as plain text, laid out identically step by step so VS Code's diff editor
// lines up the kept steps and shows what changed from step k:
// - a regeneration: the original trajectory against the one regenerated from step k;
// - a Meta-Refiner cut: the trajectory as the Actor first wrote it against the final one.
// Plain text only (a text document renders nothing as HTML); records are read defensively.
import type { RegeneratedEvent, Rollout, Turn } from '../protocol/generated';
import type { DiffTexts } from './diffDocuments';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unprintable = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
/** One line of the model's or the corpus's text: control characters inert (U+FFFD), no breaks. */
const oneLine = (value: unknown): string =>
  String(value ?? '')
    .replace(unprintable, '\uFFFD')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function turnLines(turn: Turn, step: number): string[] {
  const lines = [`## Step ${step}: ${oneLine(turn.action)}`];
  if (typeof turn.think === 'string' && turn.think.trim() !== '') lines.push(`think: ${oneLine(turn.think)}`);
  if (turn.action === 'search') {
    lines.push(`search: ${oneLine(turn.query)}`);
    const documents = Array.isArray(turn.documents) ? turn.documents : [];
    documents.forEach((doc, i) =>
      lines.push(`  Doc ${i + 1} (${oneLine(doc?.title)}): ${oneLine(doc?.text)}`),
    );
  } else if (turn.action === 'answer') {
    lines.push(`answer: ${oneLine(turn.answer)}`);
  } else {
    lines.push(`invalid action: ${oneLine(turn.text)}`);
    if (turn.feedback !== undefined) lines.push(`feedback: ${oneLine(turn.feedback)}`);
  }
  lines.push('');
  return lines;
}

const score = (value: number | undefined): string =>
  value === undefined ? '?' : String(Math.round(value * 1000) / 1000);

export interface TrajectorySide {
  title: string;
  turns: readonly Turn[];
  answer: string | null | undefined;
  /** Shown as "EM · R" when known. */
  em?: number;
  reward?: number;
}

/** One side: the question, each step (a marker before step `fromStep`), the final answer. */
export function trajectoryText(
  question: string,
  golden: readonly string[],
  side: TrajectorySide,
  fromStep: number,
  marker: string,
): string {
  const lines = [
    `# ${oneLine(side.title)}`,
    '',
    `question: ${oneLine(question)}`,
    `golden answers: ${golden.map(oneLine).join(' | ')}`,
    '',
  ];
  side.turns.forEach((turn, i) => {
    if (i + 1 === fromStep) lines.push(`---- ${marker} (step ${fromStep}) ----`, '');
    lines.push(...turnLines(turn, i + 1));
  });
  lines.push(
    `final answer: ${side.answer === null || side.answer === undefined ? '(none)' : oneLine(side.answer)}`,
  );
  if (side.em !== undefined || side.reward !== undefined)
    lines.push(`EM ${score(side.em)} · R ${score(side.reward)}`);
  lines.push('');
  return lines.join('\n');
}

/**
 * Left: the original as the trainer published it (its own answer and score when the rollout is at
 * hand); right: the kept steps and the regenerated ones, with the new answer's score.
 */
export function regenerationTexts(event: RegeneratedEvent, original: Rollout | undefined): DiffTexts {
  const question = original?.question ?? '';
  const golden = original?.golden_answers ?? [];
  const marker = 'regenerated from here';
  return {
    left: trajectoryText(
      question,
      golden,
      {
        title: `${event.rollout_id}: original`,
        turns: [...event.kept_turns, ...event.original_turns],
        answer: original?.answer,
        em: original?.em,
        reward: original?.reward,
      },
      event.from_step,
      marker,
    ),
    right: trajectoryText(
      question,
      golden,
      {
        title: `${event.rollout_id}: regenerated from step ${event.from_step} by the policy at step ${event.policy_step}`,
        turns: [...event.kept_turns, ...event.turns],
        answer: event.answer,
        em: event.em,
        reward: event.reward,
      },
      event.from_step,
      marker,
    ),
  };
}

const isTurn = (value: unknown): value is Turn =>
  typeof value === 'object' && value !== null && typeof (value as { action?: unknown }).action === 'string';

/** The refiner's cut of a revised rollout (kept steps, dropped steps), or undefined when it has none. */
export function cutOf(rollout: Rollout): { kept: number; dropped: Turn[] } | undefined {
  const refiner = (rollout as { refiner?: unknown }).refiner;
  if (typeof refiner !== 'object' || refiner === null) return undefined;
  const { kept_turns: kept, dropped_turns: dropped } = refiner as {
    kept_turns?: unknown;
    dropped_turns?: unknown;
  };
  if (!Number.isInteger(kept) || (kept as number) < 0 || (kept as number) > rollout.turns.length)
    return undefined;
  if (!Array.isArray(dropped) || dropped.length === 0 || !dropped.every(isTurn)) return undefined;
  return { kept: kept as number, dropped };
}

/** Left: kept steps and the dropped ones, as the Actor first wrote them; right: the final rollout. */
export function cutTexts(rollout: Rollout): DiffTexts | undefined {
  const cut = cutOf(rollout);
  if (cut === undefined) return undefined;
  const first = [...rollout.turns.slice(0, cut.kept), ...cut.dropped];
  const lastAnswer = [...cut.dropped].reverse().find((t) => t.action === 'answer');
  const marker = 'the Meta-Refiner cut here';
  const fromStep = cut.kept + 1;
  return {
    left: trajectoryText(
      rollout.question,
      rollout.golden_answers,
      {
        title: `${rollout.id}: as first written (dropped from step ${fromStep})`,
        turns: first,
        answer: lastAnswer?.answer,
      },
      fromStep,
      marker,
    ),
    right: trajectoryText(
      rollout.question,
      rollout.golden_answers,
      {
        title: `${rollout.id}: final, regenerated from step ${fromStep}`,
        turns: rollout.turns,
        answer: rollout.answer,
        em: rollout.em,
        reward: rollout.reward,
      },
      fromStep,
      marker,
    ),
  };
}

// The two sides of a regeneration's diff as plain text: the original trajectory and the regenerated
// one, laid out identically step by step, so VS Code's diff editor lines up the kept steps 1..k-1 and
// shows what changed from step k. Plain text only (a text document renders nothing as HTML).
import type { RegeneratedEvent, Rollout, Turn } from '../protocol/generated';

/** Control characters other than tab and newline would garble the editor; shown as U+FFFD. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unprintable = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
const clean = (text: string): string => text.replace(unprintable, '\uFFFD');
const oneLine = (text: string): string =>
  clean(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function turnLines(turn: Turn, step: number): string[] {
  const lines = [`## Step ${step}: ${turn.action}`];
  if (turn.think !== undefined && turn.think !== null && turn.think.trim() !== '')
    lines.push(`think: ${oneLine(turn.think)}`);
  if (turn.action === 'search') {
    lines.push(`search: ${oneLine(turn.query ?? '')}`);
    (turn.documents ?? []).forEach((doc, i) =>
      lines.push(`  Doc ${i + 1} (${oneLine(doc.title)}): ${oneLine(doc.text)}`),
    );
  } else if (turn.action === 'answer') {
    lines.push(`answer: ${oneLine(turn.answer ?? '')}`);
  } else {
    lines.push(`invalid action: ${oneLine(turn.text)}`);
    if (turn.feedback !== undefined) lines.push(`feedback: ${oneLine(turn.feedback)}`);
  }
  lines.push('');
  return lines;
}

const score = (value: number | undefined): string =>
  value === undefined ? '?' : String(Math.round(value * 1000) / 1000);

interface Side {
  title: string;
  turns: readonly Turn[];
  answer: string | null | undefined;
  em: number | undefined;
  reward: number | undefined;
}

function sideText(question: string, golden: readonly string[], side: Side, fromStep: number): string {
  const lines = [
    `# ${side.title}`,
    '',
    `question: ${oneLine(question)}`,
    `golden answers: ${golden.map(oneLine).join(' | ')}`,
    '',
  ];
  side.turns.forEach((turn, i) => {
    if (i + 1 === fromStep) lines.push(`---- regenerated from here (step ${fromStep}) ----`, '');
    lines.push(...turnLines(turn, i + 1));
  });
  lines.push(
    `final answer: ${side.answer === null || side.answer === undefined ? '(none)' : oneLine(side.answer)}`,
  );
  lines.push(`EM ${score(side.em)} · R ${score(side.reward)}`, '');
  return lines.join('\n');
}

/**
 * Left: the original as the trainer published it (its own answer and score when the rollout is at
 * hand); right: the kept steps and the regenerated ones, with the new answer's score.
 */
export function regenerationTexts(
  event: RegeneratedEvent,
  original: Rollout | undefined,
): { original: string; regenerated: string } {
  const question = original?.question ?? '';
  const golden = original?.golden_answers ?? [];
  const originalTurns = [...event.kept_turns, ...event.original_turns];
  return {
    original: sideText(
      question,
      golden,
      {
        title: `${event.rollout_id}: original`,
        turns: originalTurns,
        answer: original?.answer,
        em: original?.em,
        reward: original?.reward,
      },
      event.from_step,
    ),
    regenerated: sideText(
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
    ),
  };
}

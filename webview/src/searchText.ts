// The lowercase text full-text search looks in for one rollout: question, queries, retrieved
// documents (title and text) and answers; not the model's thoughts or raw output, which repeat them.
// DOM-free, so it is unit-tested without a browser.
import type { Rollout } from '../../src/protocol/generated';

// A newline cannot be typed into the search box, so a match never spans two fields.
const FIELD_SEPARATOR = '\n';

function pushText(parts: string[], value: unknown): void {
  if (typeof value === 'string' && value !== '') parts.push(value);
}

export function searchTextOf(rollout: Rollout): string {
  const parts: string[] = [];
  pushText(parts, rollout.question);
  pushText(parts, rollout.answer);
  for (const turn of Array.isArray(rollout.turns) ? rollout.turns : []) {
    if (typeof turn !== 'object' || turn === null) continue;
    pushText(parts, turn.query);
    pushText(parts, turn.answer);
    for (const document of Array.isArray(turn.documents) ? turn.documents : []) {
      if (typeof document !== 'object' || document === null) continue;
      pushText(parts, document.title);
      pushText(parts, document.text);
    }
  }
  return parts.join(FIELD_SEPARATOR).toLowerCase();
}

// The labelling keys as a pure function: a key press (and whether a text field has focus) -> what it
// means. One table also feeds the cheat sheet, so the sheet cannot drift from what the keys do.

export type KeyCommand =
  | { kind: 'accept' }
  | { kind: 'cut'; step: number }
  | { kind: 'collection'; label: 'useful' | 'not_useful' | 'misleading' }
  | { kind: 'rating'; rating: -1 | 0 | 1 }
  | { kind: 'note' }
  | { kind: 'tags' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'nextStep' }
  | { kind: 'previousStep' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'regenerate' }
  | { kind: 'help' };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** What the cheat sheet lists, in order: the keys as shown, and what they do. */
export const keyHelp: readonly (readonly [string, string])[] = [
  ['a', "Accept the Meta-Refiner's decision"],
  ['0 \u2013 9', 'Earliest flawed step (0 = nothing wrong); again to clear'],
  ['[  ]', 'Focus the previous / next step'],
  ['u  n  m', "Focused search step's documents: useful / not useful / misleading"],
  ['+  -  =', 'Rate the focused step +1 / \u22121 / 0; again to clear'],
  ['t', 'Write a note (Enter saves, Escape cancels)'],
  ['g', 'Edit tags, comma-separated (Enter saves)'],
  ['r', 'Regenerate from the focused step with the current policy (a live run; opens a diff)'],
  ['j  k', 'Next / previous rollout (in the review queue when one is chosen)'],
  ['Ctrl+Z', 'Undo the last label change'],
  ['Ctrl+Shift+Z', 'Redo'],
  ['?', 'Show or hide this sheet'],
];

const plain: Record<string, KeyCommand> = {
  a: { kind: 'accept' },
  u: { kind: 'collection', label: 'useful' },
  n: { kind: 'collection', label: 'not_useful' },
  m: { kind: 'collection', label: 'misleading' },
  '+': { kind: 'rating', rating: 1 },
  '-': { kind: 'rating', rating: -1 },
  '=': { kind: 'rating', rating: 0 },
  t: { kind: 'note' },
  g: { kind: 'tags' },
  r: { kind: 'regenerate' },
  j: { kind: 'next' },
  k: { kind: 'previous' },
  ']': { kind: 'nextStep' },
  '[': { kind: 'previousStep' },
  '?': { kind: 'help' },
};

/** undefined: not a labelling key (the list, the filters and the browser keep it). */
export function keyCommand(press: KeyPress, inTextField: boolean): KeyCommand | undefined {
  if (inTextField || press.altKey) return undefined;
  if (press.ctrlKey || press.metaKey) {
    if (press.key.toLowerCase() !== 'z') return undefined;
    return press.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
  }
  if (/^[0-9]$/.test(press.key)) return { kind: 'cut', step: Number(press.key) };
  return plain[press.key];
}

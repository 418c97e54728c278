// Where golden answers occur in a passage. Pure (no DOM), so it is unit-tested without a browser.

const MAX_MARKS = 500;

/** Case-insensitive, non-overlapping matches; the earliest (then longest) needle wins. */
export function findMatches(text: string, needles: readonly string[]): { start: number; end: number }[] {
  const wanted = [...new Set(needles.map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 2))];
  if (wanted.length === 0) return [];
  const haystack = text.toLowerCase();
  const matches: { start: number; end: number }[] = [];
  let from = 0;
  while (matches.length < MAX_MARKS) {
    let best: { start: number; end: number } | undefined;
    for (const needle of wanted) {
      const start = haystack.indexOf(needle, from);
      if (start < 0) continue;
      if (!best || start < best.start || (start === best.start && start + needle.length > best.end)) {
        best = { start, end: start + needle.length };
      }
    }
    if (!best) break;
    matches.push(best);
    from = best.end;
  }
  return matches;
}

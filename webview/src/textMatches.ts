// Where phrases occur in a text, and the text cut into segments that carry the names of the layers
// (golden answers, the search) matching them. Pure (no DOM), so it is unit-tested without a browser.

const MAX_MARKS = 500;

export interface Range {
  start: number;
  end: number;
}

/** Case-insensitive, non-overlapping matches; the earliest (then longest) needle wins. */
export function findMatches(text: string, needles: readonly string[], minLength = 2): Range[] {
  const wanted = [
    ...new Set(needles.map((n) => n.trim().toLowerCase()).filter((n) => n.length >= minLength)),
  ];
  if (wanted.length === 0) return [];
  const haystack = text.toLowerCase();
  const matches: Range[] = [];
  let from = 0;
  while (matches.length < MAX_MARKS) {
    let best: Range | undefined;
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

export interface MarkLayer {
  className: string;
  needles: readonly string[];
  /** Shorter needles are ignored (golden answers: 2, so "a" does not mark every article). */
  minLength: number;
}

export interface Segment {
  text: string;
  /** The layers marking this segment; empty for plain text. */
  classes: string[];
}

/** Cuts `text` at every match boundary of every layer; a segment may be marked by several layers. */
export function segmentText(text: string, layers: readonly MarkLayer[]): Segment[] {
  const perLayer = layers.map((layer) => ({
    className: layer.className,
    ranges: findMatches(text, layer.needles, layer.minLength),
  }));
  const cuts = new Set([0, text.length]);
  for (const { ranges } of perLayer) for (const r of ranges) cuts.add(r.start).add(r.end);
  const points = [...cuts].sort((a, b) => a - b);
  const cursors = perLayer.map(() => 0);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] ?? 0;
    const end = points[i + 1] ?? 0;
    const classes: string[] = [];
    perLayer.forEach(({ className, ranges }, layer) => {
      // Ranges are sorted and disjoint, so one forward cursor per layer suffices.
      let cursor = cursors[layer] ?? 0;
      while (cursor < ranges.length && (ranges[cursor]?.end ?? 0) <= start) cursor++;
      cursors[layer] = cursor;
      const range = ranges[cursor];
      if (range && range.start <= start && range.end >= end) classes.push(className);
    });
    segments.push({ text: text.slice(start, end), classes });
  }
  return segments;
}

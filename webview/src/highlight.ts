// Marks phrases in untrusted text: golden answers in retrieved passages (did the search find the
// evidence?) and the user's search wherever it matched. The result is text nodes and <mark> elements
// made here: the text itself never becomes markup.
import { h } from './dom';
import { segmentText, type MarkLayer } from './textMatches';

/** What to mark in the detail: the rollout's golden answers and the list's search text. */
export interface Highlights {
  gold: readonly string[];
  /** The search as typed ('' for none). */
  search: string;
}

export function markLayers(highlights: Highlights, withGold: boolean): MarkLayer[] {
  const layers: MarkLayer[] = [];
  if (withGold) layers.push({ className: 'gold-match', needles: highlights.gold, minLength: 2 });
  if (highlights.search.trim() !== '') {
    layers.push({ className: 'search-match', needles: [highlights.search], minLength: 1 });
  }
  return layers;
}

/** Whether the search occurs in `text` (to open a collapsed document that matches). */
export function searchHits(text: string, highlights: Highlights): boolean {
  const needle = highlights.search.trim().toLowerCase();
  return needle !== '' && text.toLowerCase().includes(needle);
}

export function highlighted(text: string, layers: readonly MarkLayer[]): Node[] {
  return segmentText(text, layers).map((segment) =>
    segment.classes.length === 0
      ? document.createTextNode(segment.text)
      : h('mark', { className: segment.classes.join(' ') }, segment.text),
  );
}

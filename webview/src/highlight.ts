// Marks where golden answers occur in a retrieved passage, so a reviewer sees at a glance whether
// the search found the evidence. The result is text nodes and <mark> elements made here: the
// passage itself never becomes markup.
import { h } from './dom';
import { findMatches } from './textMatches';

export function highlighted(text: string, needles: readonly string[]): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const { start, end } of findMatches(text, needles)) {
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    nodes.push(h('mark', { className: 'gold-match' }, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

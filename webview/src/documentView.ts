// A retrieved document: a native <details> whose summary is rank, title and score, and whose body is
// the passage with the golden answers and the search marked. It opens by itself when the search
// matched inside it, so a hit is never hidden behind a collapsed card. Native rather than
// vscode-collapsible because that component upper-cases its heading (it is a sidebar section
// header), which makes proper-noun titles hard to read.
import type { Document } from '../../src/protocol/generated';
import { h } from './dom';
import { formatMetric, singleLine } from './displayText';
import { highlighted, markLayers, searchHits, type Highlights } from './highlight';
import { longTextBlock } from './longText';

export function documentView(document: Document, rank: number, highlights: Highlights): HTMLElement {
  const title = singleLine(document.title, 300) || '(untitled)';
  const details = h(
    'details',
    { className: 'document', testId: 'document' },
    h(
      'summary',
      { className: 'document-summary' },
      h('span', { className: 'document-rank' }, `${rank}.`),
      h(
        'span',
        { className: 'document-title', testId: 'document-title' },
        ...highlighted(title, markLayers(highlights, false)),
      ),
      document.score !== undefined &&
        h('span', { className: 'document-score' }, `score ${formatMetric(document.score)}`),
      h('span', { className: 'document-id' }, singleLine(document.id, 100)),
    ),
    longTextBlock(document.text, 'document-text', {
      testId: 'document-text',
      marks: markLayers(highlights, true),
    }),
  );
  const text = typeof document.text === 'string' ? document.text : '';
  details.open = searchHits(text, highlights);
  return details;
}

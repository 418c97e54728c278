// A retrieved document: a native <details> whose summary is rank, title and score, and whose body is
// the passage with the golden answers marked. Native rather than vscode-collapsible because that component upper-cases its heading
// (it is a sidebar section header), which makes proper-noun titles hard to read.
import type { Document } from '../../src/protocol/generated';
import { h } from './dom';
import { formatMetric, singleLine } from './displayText';
import { longTextBlock } from './longText';

export function documentView(
  document: Document,
  rank: number,
  goldenAnswers: readonly string[],
): HTMLElement {
  return h(
    'details',
    { className: 'document', testId: 'document' },
    h(
      'summary',
      { className: 'document-summary' },
      h('span', { className: 'document-rank' }, `${rank}.`),
      h(
        'span',
        { className: 'document-title', testId: 'document-title' },
        singleLine(document.title, 300) || '(untitled)',
      ),
      document.score !== undefined &&
        h('span', { className: 'document-score' }, `score ${formatMetric(document.score)}`),
      h('span', { className: 'document-id' }, singleLine(document.id, 100)),
    ),
    longTextBlock(document.text, 'document-text', { testId: 'document-text', highlights: goldenAnswers }),
  );
}

// A retrieved document: a collapsible with its title as heading and its text as body. Lit renders the
// heading as a text binding, so a hostile title stays text; we still cap and clean it for layout.
import type { Document } from '../../src/protocol/generated';
import { h } from './dom';
import { formatMetric, singleLine } from './displayText';
import { longTextBlock } from './longText';

export function documentView(document: Document, rank: number): HTMLElement {
  const collapsible = window.document.createElement('vscode-collapsible');
  collapsible.dataset.testid = 'document';
  collapsible.className = 'document';
  collapsible.heading = `${rank}. ${singleLine(document.title, 200) || '(untitled)'}`;
  collapsible.description = document.score === undefined ? '' : `score ${formatMetric(document.score)}`;
  collapsible.append(
    h('div', { className: 'document-id' }, `id ${singleLine(document.id, 200)}`),
    longTextBlock(document.text, 'document-text', 'document-text'),
  );
  return collapsible;
}

// A block of untrusted, possibly enormous text. It wraps (pre-wrap, break anywhere) and shows only a
// head of very long text until asked, so a 1 MB retrieved document cannot stall the detail pane.
import { h } from './dom';
import { cutAt, visibleText } from './displayText';
import { highlighted } from './highlight';
import type { MarkLayer } from './textMatches';

/** Characters shown before "Show all": about a screenful of wrapped prose. */
export const LONG_TEXT_PREVIEW = 5_000;

export interface LongTextOptions {
  testId?: string;
  /** How many characters to show before "Show all". */
  preview?: number;
  /** Phrases to mark wherever they occur (golden answers in a passage, the search). */
  marks?: readonly MarkLayer[];
}

function textNodes(text: string, marks: readonly MarkLayer[] | undefined): Node[] {
  const visible = visibleText(text);
  return marks?.length ? highlighted(visible, marks) : [document.createTextNode(visible)];
}

export function longTextBlock(text: string, className: string, options: LongTextOptions = {}): HTMLElement {
  const preview = options.preview ?? LONG_TEXT_PREVIEW;
  const block = h('div', { className: `text-block ${className}`, testId: options.testId });
  if (text.length <= preview) {
    block.append(...textNodes(text, options.marks));
    return block;
  }
  const more = h(
    'button',
    { className: 'link-button', attrs: { type: 'button' } },
    `Show all ${text.length.toLocaleString('en-US')} characters`,
  );
  more.addEventListener('click', () => block.replaceChildren(...textNodes(text, options.marks)));
  block.append(
    ...textNodes(cutAt(text, preview), options.marks),
    h('span', { className: 'truncation-note' }, '\u2026 '),
    more,
  );
  return block;
}

// A block of untrusted, possibly enormous text. It wraps (pre-wrap, break anywhere) and shows only a
// head of very long text until asked, so a 1 MB retrieved document cannot stall the detail pane.
import { h } from './dom';
import { cutAt, visibleText } from './displayText';

/** Characters shown before "Show all": about a screenful of wrapped prose. */
export const LONG_TEXT_PREVIEW = 5_000;

export function longTextBlock(
  text: string,
  className: string,
  testId?: string,
  preview = LONG_TEXT_PREVIEW,
): HTMLElement {
  const options =
    testId === undefined
      ? { className: `text-block ${className}` }
      : { className: `text-block ${className}`, testId };
  if (text.length <= preview) return h('div', options, visibleText(text));
  const body = document.createTextNode(visibleText(cutAt(text, preview)));
  const more = h(
    'button',
    { className: 'link-button', attrs: { type: 'button' } },
    `Show all ${text.length.toLocaleString('en-US')} characters`,
  );
  const block = h('div', options, body, h('span', { className: 'truncation-note' }, '\u2026 '), more);
  more.addEventListener('click', () => {
    block.replaceChildren(document.createTextNode(visibleText(text)));
  });
  return block;
}

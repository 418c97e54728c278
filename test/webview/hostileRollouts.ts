// Rollouts whose every text field is an attack or a layout bomb. If any of it were parsed as markup,
// the payloads would set `window.__pwned` or open a dialog; the tests assert neither ever happens.
import type { Rollout } from '../../src/protocol/generated';

export const payloads = {
  script: `<script>window.__pwned = 'script'</script>`,
  img: `<img src=x onerror="window.__pwned = 'img'; alert('img')">`,
  link: `<a href="javascript:window.__pwned = 'link'">click me</a>`,
  svg: `<svg onload="window.__pwned = 'svg'"></svg>`,
  iframe: `<iframe srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe>`,
  breakout: `"><img src=x onerror=alert('attr')>`,
  /** NUL, ESC (a terminal colour code), BEL and a right-to-left override. */
  control: '\u0000\u001b[31m\u0007red\u202Eevil',
  /** A lone high and a lone low surrogate: invalid UTF-16. */
  surrogates: `broken ${String.fromCharCode(0xd800)} and ${String.fromCharCode(0xdc00)} text`,
};

/** One unbroken megabyte: no spaces, so only `overflow-wrap: anywhere` keeps it from widening the page. */
export const megabyte = 'M'.repeat(1 << 20);

export function hostileRollout(): Rollout {
  return {
    id: `hostile-${payloads.breakout}`,
    step: 7,
    group_id: payloads.breakout,
    question_id: 'q-hostile',
    question: `${payloads.script} ${payloads.control} ${megabyte}`,
    golden_answers: [payloads.img, payloads.link],
    turns: [
      {
        text: `${payloads.iframe} ${payloads.control}`,
        think: payloads.svg,
        action: 'search',
        query: payloads.script,
        documents: [
          {
            id: payloads.breakout,
            title: payloads.img,
            text: `${payloads.link} ${payloads.control} ${payloads.surrogates}`,
          },
          { id: 'big', title: payloads.svg, text: megabyte },
        ],
      },
      { text: payloads.link, action: 'invalid', feedback: payloads.iframe },
      { text: payloads.img, action: 'answer', answer: payloads.link },
    ],
    answer: `${payloads.img} ${payloads.control}`,
    em: 0,
    reward: 0,
    n_searches: 1,
    advantage: -1,
  };
}

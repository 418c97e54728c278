// Turns untrusted trajectory text into something safe to *lay out*. Escaping is not the concern here
// (everything is rendered with textContent); this keeps control characters, bidi overrides, broken
// UTF-16 and megabyte strings from breaking the layout or hiding what the model really wrote.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except tab and newline, plus DEL: shown as escapes (\x00, \x1b), as Python's repr
// would, which reads in any font (control-picture glyphs like ␛ are missing from many).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
// Bidi embedding/override/isolate controls can reorder what follows them (the "Trojan Source" trick).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;

function controlEscape(char: string): string {
  return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

function bidiEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16)}`;
}

/** Cuts at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/** Text for multi-line display (detail pane): newlines and tabs kept, everything else made visible. */
export function visibleText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROL, controlEscape)
    .replace(BIDI_CONTROL, bidiEscape);
}

/** Text for one table cell: a single line, at most `max` characters (CSS adds the ellipsis). */
export function singleLine(text: string | null | undefined, max = 300): string {
  if (text === null || text === undefined) return '';
  const head = cutAt(text, max);
  const line = visibleText(head.replace(/\s*[\r\n]+\s*/g, ' \u23CE ').replace(/\t/g, ' '));
  return head.length < text.length ? `${line}\u2026` : line;
}

/** Formats a metric; non-finite values (NaN from a broken run) stay visible, non-numbers show a dash. */
export function formatMetric(value: unknown, digits = 2): string {
  if (typeof value !== 'number') return '—';
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** Any value as short single-line text: for fields the schema types but a broken producer may not. */
export function displayValue(value: unknown, max = 300): string {
  if (typeof value === 'string') return singleLine(value, max);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '—';
}

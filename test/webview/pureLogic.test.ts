// The inspector's pure pieces, without a browser: text cleaning, list geometry, keyboard mapping,
// saved-state parsing and the HTML document's escaping and CSP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeAttribute, inspectorCsp, renderInspectorHtml } from '../../src/panel/inspectorHtml';
import { cutAt, formatMetric, singleLine, visibleText } from '../../webview/src/displayText';
import { findMatches } from '../../webview/src/textMatches';
import { navigate } from '../../webview/src/listNavigation';
import { emptyQuery } from '../../webview/src/rolloutQuery';
import { parseViewState } from '../../webview/src/viewState';
import { rowsPerPage, scrollTopToReveal, visibleRange } from '../../webview/src/virtualWindow';

test('visibleText escapes controls and bidi overrides, replaces lone surrogates, keeps newlines', () => {
  assert.equal(visibleText('a\u0000b\u001b[1m\u007f'), 'a\\x00b\\x1b[1m\\x7f');
  assert.equal(visibleText('x\u202Ey'), 'x\\u202ey');
  assert.equal(visibleText(`${String.fromCharCode(0xd800)}!${String.fromCharCode(0xdc00)}`), '\uFFFD!\uFFFD');
  assert.equal(visibleText('😀 pair stays'), '😀 pair stays');
  assert.equal(visibleText('line\n\tnext'), 'line\n\tnext');
});

test('singleLine flattens and truncates without splitting a surrogate pair', () => {
  assert.equal(singleLine('a\nb'), 'a \u23CE b');
  assert.equal(singleLine(null), '');
  assert.equal(singleLine('abcdef', 3), 'abc\u2026');
  assert.equal(cutAt('ab😀', 3), 'ab', 'never half an emoji');
  assert.equal(singleLine('x'.repeat(1 << 20)).length, 301);
});

test('formatMetric keeps broken numbers visible', () => {
  assert.equal(formatMetric(0.5), '0.50');
  assert.equal(formatMetric(undefined), '—');
  assert.equal(formatMetric(Number.NaN), 'NaN');
});

test('list geometry shows the viewport plus overscan and reveals rows minimally', () => {
  assert.deepEqual(visibleRange({ scrollTop: 0, height: 240 }, 24, 100_000, 2), { first: 0, end: 12 });
  assert.deepEqual(visibleRange({ scrollTop: 2400, height: 240 }, 24, 100_000, 2), { first: 98, end: 112 });
  assert.deepEqual(visibleRange({ scrollTop: 0, height: 240 }, 24, 3, 2), { first: 0, end: 3 });
  assert.equal(scrollTopToReveal({ scrollTop: 2400, height: 240 }, 24, 50), 1200);
  assert.equal(scrollTopToReveal({ scrollTop: 0, height: 240 }, 24, 20), 264);
  assert.equal(scrollTopToReveal({ scrollTop: 0, height: 240 }, 24, 3), 0);
  assert.equal(rowsPerPage({ scrollTop: 0, height: 240 }, 24), 9);
});

test('keyboard navigation clamps at both ends and opens only a selection', () => {
  assert.deepEqual(navigate('ArrowDown', -1, 5, 3), { kind: 'move', index: 0 });
  assert.deepEqual(navigate('ArrowDown', 4, 5, 3), { kind: 'move', index: 4 });
  assert.deepEqual(navigate('ArrowUp', 0, 5, 3), { kind: 'move', index: 0 });
  assert.deepEqual(navigate('PageDown', 3, 5, 3), { kind: 'move', index: 4 });
  assert.deepEqual(navigate('PageUp', 1, 5, 3), { kind: 'move', index: 0 });
  assert.deepEqual(navigate('End', 0, 5, 3), { kind: 'move', index: 4 });
  assert.deepEqual(navigate('Enter', -1, 5, 3), { kind: 'none' });
  assert.deepEqual(navigate('Enter', 2, 5, 3), { kind: 'open' });
  assert.deepEqual(navigate('ArrowDown', -1, 0, 3), { kind: 'none' });
  assert.deepEqual(navigate('a', 1, 5, 3), { kind: 'none' });
});

test('saved view state is accepted only in the shape we wrote', () => {
  // A state saved before query and chartsOpen existed still restores, with their defaults.
  assert.deepEqual(parseViewState({ version: 1, selectedId: 'r1', followTail: false, scrollTop: 240 }), {
    version: 1,
    selectedId: 'r1',
    followTail: false,
    scrollTop: 240,
    query: emptyQuery,
    chartsOpen: false,
  });
  assert.equal(parseViewState(undefined).followTail, true);
  assert.equal(parseViewState({ version: 2, selectedId: 'r1' }).selectedId, undefined);
  assert.equal(parseViewState({ version: 1, scrollTop: Number.NaN }).scrollTop, 0);
  assert.equal(parseViewState({ version: 1, selectedId: 5 }).selectedId, undefined);
});

test('renderInspectorHtml escapes every attribute and keeps the CSP closed', () => {
  const html = renderInspectorHtml({
    cspSource: 'https://x.vscode-cdn.net; script-src *',
    nonce: 'abc"><script>',
    scriptUri: 'https://x/webview.js"><script>alert(1)</script>',
    styleUri: "https://x/webview.css' onload='alert(1)",
  });
  assert.equal(html.match(/<script/g)?.length, 1, 'no script element smuggled in');
  assert.ok(!html.includes(`' onload='`), 'quotes escaped');
  assert.ok(html.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
  const csp = inspectorCsp('https://x.vscode-cdn.net; script-src *', 'abc"><script>');
  assert.equal(
    csp,
    "default-src 'none'; img-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; " +
      "style-src https://x.vscode-cdn.net 'nonce-abcscript'; script-src 'nonce-abcscript'",
  );
  // code-server's webview.cspSource is two sources: both must survive, apart (joined, Chromium
  // ignores the pair and blocks the stylesheet: the inspector rendered unstyled there).
  assert.equal(
    inspectorCsp("'self' https://*.vscode-cdn.net", 'n'),
    "default-src 'none'; img-src 'self' https://*.vscode-cdn.net; font-src 'self' https://*.vscode-cdn.net; " +
      "style-src 'self' https://*.vscode-cdn.net 'nonce-n'; script-src 'nonce-n'",
  );
  assert.equal(escapeAttribute(`<&"'>`), '&lt;&amp;&quot;&#39;&gt;');
  const benign = renderInspectorHtml({
    cspSource: 'https://c',
    nonce: 'n1',
    scriptUri: 'https://c/w.js',
    styleUri: 'https://c/w.css',
  });
  assert.doesNotMatch(benign, /\son[a-z]+=/i, 'no inline event handlers');
  assert.match(benign, /<script nonce="n1" src="https:\/\/c\/w.js"><\/script>/);
});

test('golden-answer matches are case-insensitive, non-overlapping, earliest then longest', () => {
  assert.deepEqual(findMatches('Born in Orsk; orsk again', ['Orsk']), [
    { start: 8, end: 12 },
    { start: 14, end: 18 },
  ]);
  assert.deepEqual(findMatches('New York City', ['New York', 'New York City', 'York']), [
    { start: 0, end: 13 },
  ]);
  assert.deepEqual(
    findMatches('a b c', ['a', ' ', '']),
    [],
    'one-character and blank answers are not marked',
  );
  assert.equal(findMatches('xy '.repeat(10_000), ['xy']).length, 500, 'bounded');
});

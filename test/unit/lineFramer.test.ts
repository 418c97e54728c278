import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineFramer, type LineTooLongError } from '../../src/core/lineFramer';

function frame(
  chunks: (string | Buffer)[],
  maxLineLength = 1000,
): { lines: string[]; errors: LineTooLongError[] } {
  const lines: string[] = [];
  const errors: LineTooLongError[] = [];
  const framer = new LineFramer({
    maxLineLength,
    onLine: (l) => lines.push(l),
    onError: (e) => errors.push(e),
  });
  for (const chunk of chunks) framer.push(chunk);
  framer.end();
  return { lines, errors };
}

test('a line split across chunks is delivered once, whole', () => {
  assert.deepEqual(frame(['{"a":', '1}\n{"b"', ':2}\n']).lines, ['{"a":1}', '{"b":2}']);
});

test('CRLF endings are stripped, also when CR and LF arrive in different chunks', () => {
  assert.deepEqual(frame(['one\r\ntwo\r', '\nthree\r\n']).lines, ['one', 'two', 'three']);
});

test('a UTF-8 character split between chunks is decoded intact', () => {
  const bytes = Buffer.from('{"q":"Zürich 東京 🚀"}\n', 'utf8');
  const cut = bytes.indexOf(Buffer.from('東', 'utf8')) + 1; // inside the 3-byte character
  const emoji = bytes.indexOf(Buffer.from('🚀', 'utf8')) + 2; // inside the 4-byte character
  const { lines } = frame([bytes.subarray(0, cut), bytes.subarray(cut, emoji), bytes.subarray(emoji)]);
  assert.deepEqual(lines, ['{"q":"Zürich 東京 🚀"}']);
});

test('a last line without a newline is delivered at end of stream', () => {
  assert.deepEqual(frame(['a\nb']).lines, ['a', 'b']);
});

test('many lines in one chunk, including empty ones, keep their order', () => {
  assert.deepEqual(frame(['1\n\n2\n3\n']).lines, ['1', '', '2', '3']);
});

test('a line over the limit is dropped with a clear error and the next line still arrives', () => {
  const { lines, errors } = frame(['short\n', 'x'.repeat(30), 'y'.repeat(30), '\nafter\n'], 50);
  assert.deepEqual(lines, ['short', 'after']);
  assert.equal(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /exceeded 50 characters/);
});

test('a line of exactly the limit passes, one more character does not', () => {
  const { lines, errors } = frame(['a'.repeat(10) + '\r\n', 'b'.repeat(11) + '\n'], 10);
  assert.deepEqual(lines, ['a'.repeat(10)]);
  assert.equal(errors.length, 1);
});

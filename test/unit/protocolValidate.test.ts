import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCommand, parseEvent, serializeCommand } from '../../src/protocol/validate';

const fixtures = new URL('../fixtures/protocol/', import.meta.url);
const lines = (name: string): string[] =>
  readFileSync(new URL(name, fixtures), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0);
const invalid = JSON.parse(readFileSync(new URL('invalid.json', fixtures), 'utf8')) as {
  events: { why: string; line: string }[];
  commands: { why: string; line: string }[];
};

test('every line of the golden event transcript is a valid event of its type', () => {
  const events = lines('session.events.jsonl');
  assert.ok(events.length > 10);
  for (const line of events) {
    const result = parseEvent(line);
    assert.ok(result.ok, `${line}\n→ ${result.ok ? '' : result.error}`);
    assert.equal(result.event.type, (JSON.parse(line) as { type: string }).type);
  }
});

test('every line of the golden command transcript is a valid command and round-trips', () => {
  for (const line of lines('session.commands.jsonl')) {
    const result = parseCommand(line);
    assert.ok(result.ok, line);
    assert.equal(serializeCommand(result.command), `${line}\n`);
  }
});

for (const { why, line } of invalid.events) {
  test(`an event line is rejected with a reason: ${why}`, () => {
    const result = parseEvent(line);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.length > 0);
  });
}

for (const { why, line } of invalid.commands) {
  test(`a command line is rejected: ${why}`, () => {
    assert.equal(parseCommand(line).ok, false);
  });
}

test('errors name what is wrong', () => {
  const rollout = invalid.events.find((e) => e.why === 'rollout missing em');
  const result = parseEvent(rollout?.line ?? '');
  assert.ok(!result.ok && /rollout/.test(result.error) && /em/.test(result.error), JSON.stringify(result));
  const unknown = parseEvent('{"type":"launch_missiles"}');
  assert.ok(!unknown.ok && /unknown event type 'launch_missiles'/.test(unknown.error));
});

test('serializeCommand refuses a command the schema rejects', () => {
  assert.throws(() => serializeCommand({ type: 'stop' } as never), /invalid command/);
});

// Checks every line against the protocol schema, the one source of truth shared with the trainer.
// Each message type is validated against its own definition (picked by its `type` field), so an
// error names the field that is wrong instead of listing every branch of a oneOf.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import schema from '../../trainer/searchr2/protocol/searchr2-1.schema.json';
import type { Command, Event, Rollout } from './generated';

export const PROTOCOL_VERSION = 'searchr2/1';

export type ParseResult = { ok: true; event: Event } | { ok: false; error: string };

interface DefRef {
  $ref: string;
}

// strict: a schema mistake (unknown keyword, ambiguous type) fails loudly here, not silently in use.
const ajv = new Ajv2020({ allErrors: false, strict: true });
ajv.addSchema(schema);

/** Maps each `type` constant of a union's members to a validator for that member. */
function validatorsFor(unionName: 'Event' | 'Command'): Map<string, ValidateFunction> {
  const defs = schema.$defs as Record<
    string,
    { oneOf?: DefRef[]; properties?: { type?: { const?: string } } }
  >;
  const byType = new Map<string, ValidateFunction>();
  for (const { $ref } of defs[unionName]?.oneOf ?? []) {
    const name = $ref.replace('#/$defs/', '');
    const typeName = defs[name]?.properties?.type?.const;
    if (typeName === undefined) throw new Error(`protocol schema: ${name} has no type constant`);
    byType.set(typeName, ajv.compile({ $ref: `${schema.$id}${$ref}` }));
  }
  return byType;
}

const eventValidators = validatorsFor('Event');
const commandValidators = validatorsFor('Command');

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return 'does not match the schema';
  const where = first.instancePath === '' ? '' : `${first.instancePath} `;
  const extra =
    first.keyword === 'additionalProperties'
      ? ` ('${String((first.params as { additionalProperty?: unknown }).additionalProperty)}')`
      : first.keyword === 'enum'
        ? ` (${JSON.stringify((first.params as { allowedValues?: unknown }).allowedValues)})`
        : '';
  return `${where}${first.message ?? 'is invalid'}${extra}`;
}

function check(
  line: string,
  validators: Map<string, ValidateFunction>,
  kind: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `not a JSON object` };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, error: `${kind} has no string "type"` };
  const validate = validators.get(type);
  if (validate === undefined) return { ok: false, error: `unknown ${kind} type '${type}'` };
  if (!validate(value))
    return { ok: false, error: `invalid '${type}' ${kind}: ${describe(validate.errors)}` };
  return { ok: true, value };
}

/** Parses one stdout line of the trainer. */
export function parseEvent(line: string): ParseResult {
  const result = check(line, eventValidators, 'event');
  return result.ok ? { ok: true, event: result.value as Event } : result;
}

const rolloutValidator = ajv.compile({ $ref: `${schema.$id}#/$defs/Rollout` });

/** Parses one line of a run's rollouts.jsonl: the same Rollout object the `rollout` event carries. */
export function parseRollout(line: string): { ok: true; rollout: Rollout } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!rolloutValidator(value))
    return { ok: false, error: `invalid rollout: ${describe(rolloutValidator.errors)}` };
  return { ok: true, rollout: value as Rollout };
}

/** Parses one stdin line (used by tests and fakes; the editor only writes commands). */
export function parseCommand(line: string): { ok: true; command: Command } | { ok: false; error: string } {
  const result = check(line, commandValidators, 'command');
  return result.ok ? { ok: true, command: result.value as Command } : result;
}

/** One line of stdin, newline included. Validated, so a bug here cannot send the trainer garbage. */
export function serializeCommand(command: Command): string {
  const line = JSON.stringify(command);
  const result = check(line, commandValidators, 'command');
  if (!result.ok) throw new Error(`refusing to send an invalid command: ${result.error}`);
  return `${line}\n`;
}

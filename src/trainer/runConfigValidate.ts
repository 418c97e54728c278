// Checks a run config file against the schema the trainer derives from its own dataclasses
// (trainer/searchr2/config/run-config.schema.json), before a run is launched, so a typo is
// reported with its key path in the editor rather than as a trainer crash. No vscode import:
// unit tests run it on real files.
import { readFile } from 'node:fs/promises';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import schema from '../../trainer/searchr2/config/run-config.schema.json';

export interface RunConfigProblem {
  /** Dotted key path as the trainer names it ("grpo.clip_eps"); "<root>" for the file itself. */
  keyPath: string;
  message: string;
}

export type RunConfigCheck = { ok: true } | { ok: false; problem: RunConfigProblem };

// strict: a schema mistake fails loudly here; allErrors off: the first problem is enough to fix.
const validate = new Ajv2020({ strict: true, allErrors: false }).compile(schema);

export function checkRunConfigText(text: string): RunConfigCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: { keyPath: '<root>', message: `not valid JSON (${String(err)})` } };
  }
  if (validate(data)) return { ok: true };
  const first = validate.errors?.[0];
  if (first === undefined) return { ok: false, problem: { keyPath: '<root>', message: 'invalid' } };
  return { ok: false, problem: describe(first) };
}

export async function checkRunConfigFile(path: string): Promise<RunConfigCheck> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, problem: { keyPath: '<root>', message: `cannot be read (${String(err)})` } };
  }
  return checkRunConfigText(text);
}

function describe(error: ErrorObject): RunConfigProblem {
  const parts = error.instancePath.split('/').filter((p) => p.length > 0);
  // An unknown key is reported on its parent object; name the key itself, as the trainer does.
  if (error.keyword === 'additionalProperties') {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return { keyPath: [...parts, key].join('.'), message: 'is not a known config key' };
  }
  const keyPath = parts.length > 0 ? parts.join('.') : '<root>';
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return { keyPath, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { keyPath, message: error.message ?? error.keyword };
}

// The editor's pre-launch check uses the same committed schema and the same preset files the
// trainer's tests use, so both sides agree on what a valid run config is.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkRunConfigFile } from '../../src/trainer/runConfigValidate';

const presetsDir = join(__dirname, '..', '..', 'trainer', 'searchr2', 'presets');
const dirPromise = mkdtemp(join(tmpdir(), 'searchr2-config-'));
after(async () => rm(await dirPromise, { recursive: true, force: true }));

async function fileWith(name: string, text: string): Promise<string> {
  const path = join(await dirPromise, name);
  await writeFile(path, text, 'utf8');
  return path;
}

test('every trainer preset validates against the committed schema', async () => {
  const presets = (await readdir(presetsDir)).filter((f) => f.endsWith('.json'));
  assert.ok(presets.length >= 2);
  for (const preset of presets) {
    assert.deepEqual(await checkRunConfigFile(join(presetsDir, preset)), { ok: true }, preset);
  }
});

test('accepts a valid config', async () => {
  const path = await fileWith('ok.searchr2.json', '{"grpo": {"lr": 1e-4}, "precision": "fp32"}');
  assert.deepEqual(await checkRunConfigFile(path), { ok: true });
});

const bad: [string, string, RegExp][] = [
  ['{"grpo": {"lrr": 1}}', 'grpo.lrr', /not a known config key/],
  ['{"bogus": 1}', 'bogus', /not a known config key/],
  ['{"grpo": {"clip_eps": 2}}', 'grpo.clip_eps', /<= 1/],
  ['{"rollout": {"group_size": 0}}', 'rollout.group_size', />= 1/],
  ['{"train": {"max_steps": 1.5}}', 'train.max_steps', /integer/],
  ['{"precision": "fp16"}', 'precision', /"auto", "bf16", "fp32"/],
  ['{"world": 3}', 'world', /object/],
  ['{"grpo": ', '<root>', /not valid JSON/],
];

for (const [text, keyPath, message] of bad) {
  test(`rejects ${text} naming ${keyPath}`, async () => {
    const result = await checkRunConfigFile(await fileWith('bad.searchr2.json', text));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problem.keyPath, keyPath);
    assert.match(result.problem.message, message);
  });
}

test('a missing file is a problem, not a crash', async () => {
  const result = await checkRunConfigFile(join(await dirPromise, 'absent.json'));
  assert.equal(result.ok, false);
});

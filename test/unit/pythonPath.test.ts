import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkPython } from '../../src/trainer/pythonCheck';
import { resolvePythonPath } from '../../src/trainer/pythonPath';

const ctx = { extensionPath: '/ext', workspaceFolder: '/ws', homeDir: '/home/u', platform: 'linux' as const };

test('an empty setting means the venv in the extension folder', () => {
  assert.equal(resolvePythonPath('  ', ctx), '/ext/.venv/bin/python');
  assert.equal(
    resolvePythonPath('', { ...ctx, platform: 'win32' }),
    path.join('/ext', '.venv', 'Scripts', 'python.exe'),
  );
});

test('~ is the home folder, relative paths are under the workspace, bare names stay for PATH', () => {
  assert.equal(resolvePythonPath('~/venvs/r2/bin/python', ctx), '/home/u/venvs/r2/bin/python');
  assert.equal(resolvePythonPath('.venv/bin/python', ctx), '/ws/.venv/bin/python');
  assert.equal(resolvePythonPath('python3', ctx), 'python3');
  assert.equal(resolvePythonPath('/opt/py/bin/python', ctx), '/opt/py/bin/python');
});

test('checkPython tells a missing interpreter from one without the trainer', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'searchr2-py-'));
  const missing = await checkPython(path.join(dir, 'nope'));
  assert.ok(!missing.ok && missing.problem === 'missing');

  // A stand-in "python" that fails the import the way CPython does.
  const noTrainer = path.join(dir, 'python');
  writeFileSync(
    noTrainer,
    '#!/bin/sh\necho "ModuleNotFoundError: No module named \'searchr2\'" >&2\nexit 1\n',
  );
  chmodSync(noTrainer, 0o755);
  const result = await checkPython(noTrainer);
  assert.ok(!result.ok && result.problem === 'no-trainer');
  assert.match(result.ok ? '' : result.detail, /No module named 'searchr2'/);

  const good = path.join(dir, 'good-python');
  writeFileSync(good, '#!/bin/sh\nexit 0\n');
  chmodSync(good, 0o755);
  assert.deepEqual(await checkPython(good), { ok: true });
});

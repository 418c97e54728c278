import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createRunDir, runDirName, runsRoot } from '../../src/trainer/runDirectory';

const when = new Date(2026, 10, 25, 1, 5, 9);

test('run dirs are named <YYYYMMDD-HHMMSS>-<preset> in local time', () => {
  assert.equal(runDirName(when, 'demo'), '20261125-010509-demo');
});

test('a preset cannot escape the runs folder or add path segments', () => {
  const name = runDirName(when, '../../etc');
  assert.ok(name.startsWith('20261125-010509-_') && !name.includes('/'), name);
  assert.ok(!runDirName(when, 'a/b\\c').includes('/'));
  assert.ok(!runDirName(when, 'a/b\\c').includes('\\'));
});

test('runs live in the workspace, or in global storage without one', () => {
  assert.equal(runsRoot('/ws', '/gs'), path.join('/ws', '.searchr2', 'runs'));
  assert.equal(runsRoot(undefined, '/gs'), path.join('/gs', 'runs'));
});

test('two runs in the same second get distinct folders', async () => {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'searchr2-runs-')), 'runs');
  const a = await createRunDir(root, when, 'demo');
  const b = await createRunDir(root, when, 'demo');
  assert.equal(path.basename(a), '20261125-010509-demo');
  assert.equal(path.basename(b), '20261125-010509-demo-2');
});

test('the runs folder setting is relative to the workspace, or absolute, or under ~', () => {
  assert.equal(runsRoot('/ws', '/gs', 'out/runs'), path.join('/ws', 'out', 'runs'));
  assert.equal(runsRoot('/ws', '/gs', '/data/runs/'), path.normalize('/data/runs/'));
  assert.equal(runsRoot('/ws', '/gs', '~/runs', '/home/me'), path.join('/home/me', 'runs'));
  assert.equal(
    runsRoot('/ws', '/gs', '  '),
    path.join('/ws', '.searchr2', 'runs'),
    'blank means the default',
  );
  assert.equal(runsRoot(undefined, '/gs', 'out/runs'), path.join('/gs', 'runs'));
});

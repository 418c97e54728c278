// Regenerate from step k against the real trainer of a live run: paused (so the run cannot finish
// first), the command is answered with the regenerated steps, the kept steps are the original's, the
// run folder keeps it, and VS Code's diff editor shows original against regenerated.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Rollout } from '../../../src/protocol/generated';
import type { Regeneration } from '../../../src/regenerate/regenerationBook';
import { DIFF_SCHEME } from '../../../src/regenerate/diffDocuments';
import { waitUntil } from './wait';

export async function checkRegenerateFromStep(runDir: string, candidates: readonly Rollout[]): Promise<void> {
  const rollout = candidates.find((r) => r.turns.length >= 2) ?? candidates[0];
  assert.ok(rollout, 'no rollout of the live run to regenerate');
  const step = Math.min(2, rollout.turns.length);
  await vscode.commands.executeCommand('searchr2.pauseTraining');
  const entry = await vscode.commands.executeCommand<Regeneration | undefined>(
    'searchr2.regenerateFromStep',
    {
      rolloutId: rollout.id,
      step,
    },
  );
  assert.ok(entry, 'searchr2.regenerateFromStep asked nothing (see the Search-R2 log)');
  assert.equal(entry.state, 'done', `the regeneration ended ${entry.state}: ${entry.message ?? ''}`);
  const result = entry.result!;
  assert.equal(result.from_step, step);
  assert.deepStrictEqual(
    result.kept_turns,
    rollout.turns.slice(0, step - 1),
    'the kept steps are not the original ones',
  );
  assert.deepStrictEqual(result.original_turns, rollout.turns.slice(step - 1));
  assert.ok(result.turns.length >= 1, 'nothing was regenerated');

  const saved = readFileSync(join(runDir, 'regenerations.jsonl'), 'utf8').trim().split('\n');
  assert.deepStrictEqual(
    JSON.parse(saved[saved.length - 1]!),
    result,
    'regenerations.jsonl does not keep it',
  );

  const diff = await waitUntil(
    'the diff editor with original and regenerated',
    () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.modified.scheme === DIFF_SCHEME
        ? input
        : undefined;
    },
    30_000,
  );
  const left = (await vscode.workspace.openTextDocument(diff.original)).getText();
  const right = (await vscode.workspace.openTextDocument(diff.modified)).getText();
  assert.match(left, new RegExp(`question: `));
  assert.match(
    right,
    new RegExp(`regenerated from step ${step} by the policy at step ${result.policy_step}`),
  );
  assert.ok(right.includes('---- regenerated from here'), 'the cut is not marked');
}

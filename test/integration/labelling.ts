// The labelling keys through the real workbench: a key press in the inspector webview must reach
// the label pane, travel to the running trainer (saved → sent → acknowledged) and land in
// <workspace>/.searchr2/annotations.json (and the trainer's labels.jsonl); Ctrl+Z must take it back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

/** The webview's inner document (the one with the rollout rows), as a Frame we can evaluate in. */
export async function inspectorFrame(page: Page): Promise<Frame> {
  for (const frame of page.frames()) {
    if (await frame.$('[data-testid="rollout-row"]').catch(() => null)) return frame;
  }
  throw new Error('no frame holds the inspector rows');
}

/** Records, inside the webview, whether Ctrl+Z keydowns arrive there (and if VS Code prevented them). */
export async function watchUndoKeys(
  frame: Frame,
): Promise<() => Promise<{ arrived: number; prevented: number }>> {
  // As source text: this project's Node tsconfig has no DOM types.
  await frame.evaluate(`
    window.undoSeen = { arrived: 0, prevented: 0 };
    document.addEventListener('keydown', (event) => {
      if (event.ctrlKey && event.key.toLowerCase() === 'z') {
        window.undoSeen.arrived += 1;
        if (event.defaultPrevented) window.undoSeen.prevented += 1;
      }
    });
  `);
  return () => frame.evaluate<{ arrived: number; prevented: number }>('window.undoSeen');
}

export interface StoredAnnotation {
  id: string;
  run_id: string;
  rollout_id: string;
  cut: number | 'accept' | null;
  acked_at: string | null;
  applied_step: number | null;
}

/** The label annotations.json holds for a rollout (undefined: none, or the file not written yet). */
export function storedLabel(workspaceFolder: string, rolloutId: string): StoredAnnotation | undefined {
  return storedLabels(workspaceFolder)?.find((a) => a.rollout_id === rolloutId);
}

/** Every label annotations.json holds (undefined: the file is not written yet or unreadable). */
export function storedLabels(workspaceFolder: string): StoredAnnotation[] | undefined {
  const file = join(workspaceFolder, '.searchr2', 'annotations.json');
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { annotations?: StoredAnnotation[] };
    return data.annotations ?? [];
  } catch {
    return undefined; // mid-write is atomic, but be safe
  }
}

/** A label as the trainer keeps it in the run's labels.jsonl (a searchr2/1 `label`). */
export interface TrainerLabel {
  id: string;
  rollout_id: string;
  step: number;
  cut?: number | 'accept';
}

/** What the trainer's labels.jsonl says: the labels it holds and which update used which. */
export interface LabelBook {
  /** The latest version of each label id still held (a withdrawal removes it), by rollout id. */
  byRollout: Map<string, TrainerLabel>;
  /** The `applied` rows in file order: those label ids entered the update of `step`. */
  applied: { ids: string[]; step: number }[];
}

/** labels.jsonl read as the trainer reads it back (trainer/searchr2/labels/book.py); torn lines skipped. */
export function readLabelBook(runDir: string): LabelBook {
  const file = join(runDir, 'labels.jsonl');
  const byId = new Map<string, TrainerLabel>();
  const applied: LabelBook['applied'] = [];
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  for (const line of text.split('\n')) {
    let row: { kind?: string; label?: TrainerLabel & Record<string, unknown>; ids?: string[]; step?: number };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      continue;
    }
    if (row.kind === 'label' && row.label !== undefined) {
      const label = row.label;
      byId.delete(label.id); // a new version goes to the end, as in the trainer's book
      const withdrawn = !('cut' in label) && !('collections' in label) && !('step_ratings' in label);
      if (!withdrawn) byId.set(label.id, label);
    } else if (row.kind === 'applied' && Array.isArray(row.ids) && typeof row.step === 'number') {
      applied.push({ ids: row.ids, step: row.step });
    }
  }
  return { byRollout: new Map([...byId.values()].map((label) => [label.rollout_id, label])), applied };
}

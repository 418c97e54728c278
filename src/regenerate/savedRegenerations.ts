// A run folder's regenerations.jsonl (the trainer appends each `regenerated` event it sends), read
// back so the regenerations of a run survive a reload and show for a past run too. A line that is not
// a valid `regenerated` event is skipped and counted, never fatal.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RegeneratedEvent } from '../protocol/generated';
import { parseEvent } from '../protocol/validate';

export const REGENERATIONS_FILE = 'regenerations.jsonl';

export interface SavedRegenerations {
  events: RegeneratedEvent[];
  skipped: number;
}

export async function readSavedRegenerations(runDir: string): Promise<SavedRegenerations> {
  let text: string;
  try {
    text = await readFile(join(runDir, REGENERATIONS_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], skipped: 0 };
    throw err;
  }
  const events: RegeneratedEvent[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseEvent(line);
    if (parsed.ok && parsed.event.type === 'regenerated') events.push(parsed.event);
    else skipped += 1;
  }
  return { events, skipped };
}

// Defensive readers for rollout fields that are optional today or not in the schema yet (r_process,
// refiner from the Meta-Refiner). They arrive from another process, so each is read as unknown and
// only a well-typed value is returned; anything else reads as absent.
import type { Rollout } from '../../src/protocol/generated';

export interface RefinerVerdict {
  decision: string | undefined;
  cutStep: number | undefined;
  margin: number | undefined;
}

function field(rollout: Rollout, name: string): unknown {
  return (rollout as unknown as Record<string, unknown>)[name];
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function dataSourceOf(rollout: Rollout): string | undefined {
  const value = field(rollout, 'data_source');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function advantageOf(rollout: Rollout): number | undefined {
  return finiteNumber(field(rollout, 'advantage'));
}

/** The step scorer's r_prm: present when labels.prm_weight put its term in the advantage. */
export function scorerRewardOf(rollout: Rollout): number | undefined {
  return finiteNumber(field(rollout, 'r_prm'));
}

export function processRewardOf(rollout: Rollout): number | undefined {
  return finiteNumber(field(rollout, 'r_process'));
}

export function refinerOf(rollout: Rollout): RefinerVerdict | undefined {
  const value = field(rollout, 'refiner');
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const verdict = {
    decision: typeof raw.decision === 'string' ? raw.decision : undefined,
    cutStep: finiteNumber(raw.cut_step),
    margin: finiteNumber(raw.margin),
  };
  const empty =
    verdict.decision === undefined && verdict.cutStep === undefined && verdict.margin === undefined;
  return empty ? undefined : verdict;
}

/** The number of a field the schema types as number, or undefined when a broken producer sent junk. */
export function numberOf(value: unknown): number | undefined {
  return finiteNumber(value);
}

export function isCorrect(rollout: Rollout): boolean {
  return typeof rollout.em === 'number' && rollout.em >= 1;
}

export function outcomeRewardOf(rollout: Rollout): number | undefined {
  return finiteNumber(field(rollout, 'r_outcome'));
}

/** The training method that produced the rollout (search_r1, refiner, process, search_r2). */
export function methodOf(rollout: Rollout): string | undefined {
  const value = field(rollout, 'method');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The judge's verdict on the documents one search step retrieved (its "collection"). */
export interface CollectionVerdict {
  /** Index into `turns` of the search step. */
  turn: number;
  useful: boolean;
  judge: string | undefined;
  /** False when the judge's reply could not be parsed (it then counts as not useful). */
  parsed: boolean;
}

/** The collections with a usable turn index; entries of any other shape are dropped. */
export function collectionsOf(rollout: Rollout): CollectionVerdict[] | undefined {
  const value = field(rollout, 'collections');
  if (!Array.isArray(value)) return undefined;
  const verdicts: CollectionVerdict[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const raw = item as Record<string, unknown>;
    const turn = finiteNumber(raw.turn);
    if (turn === undefined || !Number.isInteger(turn) || turn < 0) continue;
    verdicts.push({
      turn,
      useful: raw.useful === 1 || raw.useful === true,
      judge: typeof raw.judge === 'string' && raw.judge !== '' ? raw.judge : undefined,
      parsed: raw.parsed !== false,
    });
  }
  return verdicts;
}

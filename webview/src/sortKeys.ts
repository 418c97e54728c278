// Sorting the visible rollouts: comparable keys, a stable full sort and a binary insertion for live
// appends. Pure, so it is unit-tested without a browser.

/** undefined (missing or broken values) always sorts last, whatever the direction. */
export type SortKey = number | string | undefined;
export type SortDirection = 'asc' | 'desc';

export function compareKeys(a: SortKey, b: SortKey, direction: SortDirection): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  // Plain < rather than localeCompare: 100k string keys sort in milliseconds instead of a second.
  const order = a < b ? -1 : a > b ? 1 : 0;
  return direction === 'asc' ? order : -order;
}

/** Sorts store indices by key; ties keep arrival order (the lower store index first). */
export function sortIndices(
  indices: readonly number[],
  keyOf: (index: number) => SortKey,
  direction: SortDirection,
): number[] {
  const keyed = indices.map((index) => ({ index, key: keyOf(index) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, direction) || a.index - b.index);
  return keyed.map((entry) => entry.index);
}

/** Where store index `index` (newer than every index in `sorted`) goes so `sorted` stays ordered. */
export function insertionPoint(
  sorted: readonly number[],
  index: number,
  keyOf: (index: number) => SortKey,
  direction: SortDirection,
): number {
  const key = keyOf(index);
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    // <= 0: equal keys keep arrival order, so a newer rollout goes after its equals.
    if (compareKeys(keyOf(sorted[mid] ?? 0), key, direction) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

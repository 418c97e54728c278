// Step featurisation searchr2-stepfeat/2, the mirror of trainer/searchr2/scorer/features.py.
// The contract is trainer/searchr2/scorer/FEATURES.md; test/fixtures/scorer/vectors.json
// proves both sides agree. Only ASCII letters lower-case and only [A-Za-z0-9] make tokens,
// so no Unicode case mapping can make the two languages differ.
import type { Rollout, Turn } from '../protocol/generated';

export const FEATURISATION = 'searchr2-stepfeat/2';
export const HASH_DIM = 1024;
const OVERLAP_BASE = HASH_DIM;
const DENSE_BASE = 2 * HASH_DIM;
export const TOTAL_DIM = DENSE_BASE + 11;

export function tokens(text: string): string[] {
  return (text.match(/[A-Za-z0-9]+/g) ?? []).map((t) => t.toLowerCase());
}

/** FNV-1a 32-bit over an ASCII string's bytes (tokens are ASCII). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function ngrams(toks: readonly string[]): string[] {
  const out = [...toks];
  for (let i = 0; i + 1 < toks.length; i++) out.push(`${toks[i]} ${toks[i + 1]}`);
  return out;
}

type StepTurn = Pick<Turn, 'action' | 'query' | 'answer' | 'documents'>;

function content(turn: StepTurn): string {
  if (turn.action === 'search') return turn.query ?? '';
  if (turn.action === 'answer') return turn.answer ?? '';
  return '';
}

export function stepText(turn: StepTurn): string {
  return turn.action === 'search' || turn.action === 'answer'
    ? `${turn.action}: ${content(turn)}`
    : 'invalid';
}

/** The fraction of `words` in `known`; 0 for no words. */
function share(words: ReadonlySet<string>, known: ReadonlySet<string>): number {
  if (words.size === 0) return 0;
  let shared = 0;
  for (const w of words) if (known.has(w)) shared++;
  return shared / words.size;
}

/** A document's title or text; anything but a string counts as no text. */
function field(document: unknown, key: 'title' | 'text'): string {
  const value = (document as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}

function documentsOf(turn: StepTurn): unknown[] {
  const documents: unknown = turn.action === 'search' ? turn.documents : undefined;
  if (!Array.isArray(documents)) return [];
  return documents.filter((d) => typeof d === 'object' && d !== null && !Array.isArray(d));
}

/** Mean over the documents whose title has tokens of the title's share in `known`. */
function titleShare(documents: readonly unknown[], known: ReadonlySet<string>): number {
  let total = 0;
  let counted = 0;
  for (const d of documents) {
    const title = new Set(tokens(field(d, 'title')));
    if (title.size === 0) continue;
    total += share(title, known); // summed in document order, as the Python side does
    counted++;
  }
  return counted ? total / counted : 0;
}

/** One sparse vector (index -> value, zeros left out) per step, in step order. */
export function rolloutFeatures(question: string, turns: readonly StepTurn[]): Map<number, number>[] {
  const questionGrams = new Set(ngrams(tokens(question)));
  const questionWords = new Set(tokens(question));
  const earlierQueries = new Set<string>();
  const retrieved = new Set<string>(); // the tokens of every earlier step's passages
  return turns.map((turn, i) => {
    const vec = new Map<number, number>();
    const grams = ngrams(tokens(stepText(turn)));
    for (const gram of grams) {
      const index = fnv1a32(gram) % HASH_DIM;
      vec.set(index, (vec.get(index) ?? 0) + 1);
    }
    for (const gram of new Set(grams)) {
      if (questionGrams.has(gram)) vec.set(OVERLAP_BASE + (fnv1a32(gram) % HASH_DIM), 1);
    }
    const words = tokens(content(turn));
    const key = words.join(' ');
    const distinct = new Set(words);
    const documents = documentsOf(turn);
    const isSearch = turn.action === 'search';
    const isAnswer = turn.action === 'answer';
    const evidence = new Set([...questionWords, ...retrieved]);
    const dense = [
      (i + 1) / turns.length,
      isSearch ? 1 : 0,
      isAnswer ? 1 : 0,
      isSearch || isAnswer ? 0 : 1,
      isSearch && earlierQueries.has(key) ? 1 : 0,
      share(distinct, questionWords),
      isSearch ? share(distinct, evidence) : 0, // query_grounding
      titleShare(documents, distinct), // title_in_query
      titleShare(documents, evidence), // title_grounding
      isSearch && documents.length === 0 ? 1 : 0, // no_documents
      isAnswer ? share(distinct, retrieved) : 0, // answer_grounding
    ];
    if (isSearch) earlierQueries.add(key);
    for (const d of documents) {
      for (const w of tokens(field(d, 'title'))) retrieved.add(w);
      for (const w of tokens(field(d, 'text'))) retrieved.add(w);
    }
    dense.forEach((value, k) => {
      if (value) vec.set(DENSE_BASE + k, Math.fround(value));
    });
    return vec;
  });
}

/** Every step of every rollout as rows of one [steps, TOTAL_DIM] float32 matrix. */
export function featureMatrix(rollouts: readonly Pick<Rollout, 'question' | 'turns'>[]): Float32Array {
  const vectors = rollouts.flatMap((r) => rolloutFeatures(r.question, r.turns));
  const matrix = new Float32Array(vectors.length * TOTAL_DIM);
  vectors.forEach((vec, row) => {
    for (const [index, value] of vec) matrix[row * TOTAL_DIM + index] = value;
  });
  return matrix;
}

// The rollout list's columns as the user sees them: header text, width and how a cell renders.
// What a column sorts by and whether the data has it live in columnData.ts. A column shows only once
// some rollout carries its field, so today's runs are not cluttered with empty refiner columns and
// tomorrow's runs need no UI change.
import type { Rollout } from '../../src/protocol/generated';
import { columnData, refinerText, type ColumnData, type ColumnKey } from './columnData';
import { h } from './dom';
import { displayValue, formatMetric, singleLine } from './displayText';
import { advantageOf, dataSourceOf, isCorrect, processRewardOf, refinerOf } from './rolloutFields';
import { predictedFlawCell } from './scoreSlots';

export interface ListColumn extends ColumnData {
  key: ColumnKey;
  /** Short header text; `title` is the full name for tooltips and screen readers. */
  label: string;
  title: string;
  /** Grid track. px for narrow numeric columns so header and rows line up. */
  track: string;
  numeric: boolean;
  cell: (rollout: Rollout) => Node | string;
}

function emCell(rollout: Rollout): HTMLElement {
  const correct = isCorrect(rollout);
  return h(
    'span',
    {
      className: correct ? 'em-correct' : 'em-wrong',
      attrs: { 'aria-label': correct ? 'exact match' : 'no match' },
    },
    correct ? '\u2713' : '\u2717',
  );
}

function answerCell(rollout: Rollout): Node | string {
  if (rollout.answer === null) return h('span', { className: 'no-answer' }, 'no answer');
  return singleLine(rollout.answer);
}

type Look = Omit<ListColumn, keyof ColumnData | 'key'>;

const looks: Record<ColumnKey, Look> = {
  step: {
    label: 'Step',
    title: 'Training step',
    track: '44px',
    numeric: true,
    cell: (r) => displayValue(r.step),
  },
  question: {
    label: 'Question',
    title: 'Question',
    track: 'minmax(120px, 3fr)',
    numeric: false,
    cell: (r) => singleLine(r.question),
  },
  answer: {
    label: 'Answer',
    title: 'Final answer',
    track: 'minmax(56px, 1.4fr)',
    numeric: false,
    cell: answerCell,
  },
  em: { label: 'EM', title: 'Exact match', track: '36px', numeric: false, cell: emCell },
  reward: {
    label: 'Reward',
    title: 'Reward',
    track: '68px',
    numeric: true,
    cell: (r) => formatMetric(r.reward),
  },
  searches: {
    label: 'Srch',
    title: 'Searches',
    track: '48px',
    numeric: true,
    cell: (r) => displayValue(r.n_searches),
  },
  source: {
    label: 'Source',
    title: 'Data source',
    track: 'minmax(48px, 0.6fr)',
    numeric: false,
    cell: (r) => singleLine(dataSourceOf(r) ?? '', 100),
  },
  advantage: {
    label: 'Adv',
    title: 'GRPO advantage',
    track: '56px',
    numeric: true,
    cell: (r) => formatMetric(advantageOf(r)),
  },
  rProcess: {
    label: 'R proc',
    title: 'Process reward',
    track: '64px',
    numeric: true,
    cell: (r) => formatMetric(processRewardOf(r)),
  },
  refiner: {
    label: 'Refiner',
    title: 'Meta-Refiner decision and cut step',
    track: '72px',
    numeric: false,
    cell: refinerText,
  },
  margin: {
    label: 'Margin',
    title: 'Meta-Refiner margin',
    track: '64px',
    numeric: true,
    cell: (r) => formatMetric(refinerOf(r)?.margin),
  },
  predictedFlaw: {
    label: 'Pred. flaw',
    title: 'Predicted flaw: the step scorer\u2019s earliest likely flawed step, 0 for none',
    track: '72px',
    numeric: true,
    cell: (r) => predictedFlawCell(r.id),
  },
};

export const allColumns: readonly ListColumn[] = (Object.keys(looks) as ColumnKey[]).map((key) => ({
  key,
  ...looks[key],
  ...columnData[key],
}));

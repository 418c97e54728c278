// The detail pane: the selected rollout's question, golden answers and scores, then its typed step
// timeline. Rebuilt from scratch on selection (a rollout is a few KB), never patched.
import type { Rollout } from '../../src/protocol/generated';
import { h } from './dom';
import { displayValue, singleLine } from './displayText';
import type { GroupIndex } from './groupIndex';
import { groupView } from './groupView';
import { markLayers, type Highlights } from './highlight';
import { longTextBlock } from './longText';
import type { QueryModel } from './queryModel';
import { finalAnswer, goldenAnswerList, goldenAnswers, summary } from './rolloutSummary';
import type { InspectorStore } from './store';
import { cutDiff } from './cutDiff';
import { keptPrefixLength, refinerRecordOf } from './refinerFields';
import { refinerView } from './refinerView';
import { rewardBreakdown } from './rewardBreakdown';
import { stepTimeline } from './stepTimeline';

export interface RenderContext {
  search: string;
  siblings: readonly Rollout[];
  onSelect: (id: string) => void;
  /** Opens the cut in VS Code's diff editor; absent: no such button (no host to ask). */
  onOpenCutDiff?: (rolloutId: string) => void;
}

export function renderRollout(
  rollout: Rollout,
  { search, siblings, onSelect, onOpenCutDiff }: RenderContext,
): HTMLElement[] {
  const highlights: Highlights = { gold: goldenAnswerList(rollout), search };
  const record = refinerRecordOf(rollout);
  const kept = record === undefined ? undefined : keptPrefixLength(record, rollout.turns.length);
  // The diff repeats the timeline's steps: the search is marked once (in the timeline), so the
  // detail's match count stays the number of places it matched.
  const diff =
    record !== undefined && kept !== undefined
      ? cutDiff(rollout, record, kept, { gold: highlights.gold, search: '' }, onOpenCutDiff)
      : null;
  const showDiff = () => {
    diff?.scrollIntoView({ block: 'start' });
    diff?.focus();
  };
  return [
    h(
      'div',
      { className: 'detail-meta' },
      `${singleLine(rollout.id, 200)} \u00B7 group ${displayValue(rollout.group_id, 200)}`,
    ),
    h(
      'div',
      {
        className: 'detail-question',
        testId: 'detail-question',
        attrs: { role: 'heading', 'aria-level': '2' },
      },
      longTextBlock(String(rollout.question ?? ''), 'question-text', {
        preview: 1_000,
        marks: markLayers(highlights, false),
      }),
    ),
    goldenAnswers(rollout),
    summary(rollout),
    finalAnswer(rollout, highlights),
    rewardBreakdown(rollout),
    record === undefined ? null : refinerView(record),
    groupView(rollout, siblings, onSelect),
    diff,
    ...stepTimeline(rollout, highlights, record, showDiff),
  ].filter((element): element is HTMLElement => element !== null);
}

export class RolloutDetail {
  readonly element: HTMLElement;
  private shownId: string | undefined;
  private shownSearch = '';

  constructor(
    private readonly store: InspectorStore,
    private readonly queryModel: QueryModel,
    private readonly groups: GroupIndex,
    private readonly onOpenCutDiff?: (rolloutId: string) => void,
  ) {
    this.element = h('section', {
      className: 'rollout-detail',
      testId: 'rollout-detail',
      attrs: { tabindex: '-1', 'aria-label': 'Rollout detail' },
    });
    store.subscribe((change) => {
      if (change.kind === 'selection' || change.kind === 'reset' || change.kind === 'appended') this.render();
    });
    queryModel.subscribe((query, previous) => {
      if (query.search !== previous.search) this.render();
    });
    this.render();
  }

  /** How many search hits the rendered rollout shows (long texts count only their shown head). */
  private showMatchCount(search: string): void {
    const meta = this.element.querySelector('.detail-meta');
    if (meta === null || search.trim() === '') return;
    const hits = this.element.querySelectorAll('mark.search-match').length;
    meta.append(
      h(
        'span',
        { className: 'detail-match-count', testId: 'detail-match-count' },
        ` \u00B7 ${hits} search ${hits === 1 ? 'match' : 'matches'}`,
      ),
    );
  }

  /** "Open": move focus into the detail so the keyboard scrolls it; Escape returns to the list. */
  focus(): void {
    this.element.focus();
  }

  private render(): void {
    const rollout = this.store.get(this.store.selectedId);
    const search = this.queryModel.query.search;
    if (rollout !== undefined && rollout.id === this.shownId && search === this.shownSearch) return;
    this.shownId = rollout?.id;
    this.shownSearch = search;
    this.element.scrollTop = 0;
    if (rollout === undefined) {
      delete this.element.dataset.rolloutId;
      this.element.replaceChildren(
        h('div', { className: 'placeholder' }, 'Select a rollout to see its steps.'),
      );
      return;
    }
    this.element.dataset.rolloutId = rollout.id;
    try {
      const siblings = this.groups.siblingsOf(rollout);
      const onSelect = (id: string) => this.store.select(id);
      const onOpenCutDiff = this.onOpenCutDiff;
      this.element.replaceChildren(...renderRollout(rollout, { search, siblings, onSelect, onOpenCutDiff }));
      this.showMatchCount(search);
    } catch (error) {
      // A rollout that breaks the renderer must not take the inspector down with it.
      const reason = error instanceof Error ? error.message : String(error);
      this.element.replaceChildren(
        h(
          'div',
          { className: 'placeholder' },
          `This rollout could not be displayed: ${singleLine(reason, 300)}`,
        ),
      );
    }
  }
}

// The left pane: the filter bar and follow-tail toggle above the virtualised list, the empty state in
// place of the list until the first rollout arrives, and a "nothing matches" line when filters hide
// every rollout.
import { h } from './dom';
import type { FilterBar } from './filterBar';
import type { RolloutList } from './rolloutList';
import type { InspectorStore } from './store';
import type { VisibleRollouts } from './visibleRollouts';

function emptyState(): HTMLElement {
  return h(
    'div',
    { className: 'empty-state', testId: 'empty-state' },
    h('div', { className: 'empty-title' }, 'No rollouts yet \u2014 run Search-R2: Start Training'),
    h('div', { className: 'muted' }, 'Rollouts appear here as the trainer produces them.'),
  );
}

function followToggle(list: RolloutList): HTMLElement {
  const checkbox = document.createElement('vscode-checkbox');
  checkbox.dataset.testid = 'follow-toggle';
  checkbox.label = 'Follow new rollouts';
  checkbox.checked = list.isFollowing;
  checkbox.addEventListener('change', () => list.setFollowing(checkbox.checked));
  list.onFollowChange((following) => {
    checkbox.checked = following;
  });
  return checkbox;
}

export function listPanel(
  store: InspectorStore,
  visible: VisibleRollouts,
  list: RolloutList,
  filterBar: FilterBar,
): HTMLElement {
  const empty = emptyState();
  const noMatches = h(
    'div',
    { className: 'no-matches muted', testId: 'no-matches' },
    'No rollouts match the filters.',
  );
  const panel = h(
    'div',
    { className: 'list-panel' },
    h('div', { className: 'list-toolbar' }, filterBar.element, followToggle(list)),
    list.element,
    noMatches,
    empty,
  );
  const render = () => {
    const isEmpty = store.rollouts.length === 0;
    empty.hidden = !isEmpty;
    list.element.hidden = isEmpty;
    noMatches.hidden = isEmpty || visible.length > 0;
  };
  store.subscribe((change) => {
    if (change.kind === 'reset' || change.kind === 'appended') render();
  });
  visible.subscribe(render);
  render();
  return panel;
}

// The left pane: a toolbar with the follow-tail toggle above the virtualised list, and the empty
// state in place of the list until the first rollout arrives.
import { h } from './dom';
import type { RolloutList } from './rolloutList';
import type { InspectorStore } from './store';

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

export function listPanel(store: InspectorStore, list: RolloutList): HTMLElement {
  const empty = emptyState();
  const panel = h(
    'div',
    { className: 'list-panel' },
    h('div', { className: 'list-toolbar' }, followToggle(list)),
    list.element,
    empty,
  );
  const renderEmpty = () => {
    const isEmpty = store.rollouts.length === 0;
    empty.hidden = !isEmpty;
    list.element.hidden = isEmpty;
  };
  store.subscribe((change) => {
    if (change.kind === 'reset' || change.kind === 'appended') renderEmpty();
  });
  renderEmpty();
  return panel;
}

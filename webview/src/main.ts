// Bootstrap: build the store, the views and the host client, wire them, then announce `ready` —
// only after every listener is in place, so no host message can arrive before someone hears it.
// Views, listeners and observers live exactly as long as the page (VS Code discards the whole page
// when the panel is hidden or closed), so none of them needs disposing.
import './elements';
import './styles/base.css';
import './styles/statusHeader.css';
import './styles/rolloutList.css';
import './styles/rolloutDetail.css';
import './styles/documents.css';
import { debounce } from './debounce';
import { h } from './dom';
import { HostClient } from './hostClient';
import { listPanel } from './listPanel';
import { RolloutDetail } from './rolloutDetail';
import { RolloutList } from './rolloutList';
import { StatusHeader } from './statusHeader';
import { InspectorStore } from './store';
import type { HostToWebview } from '../../src/protocol/webviewMessages';

function applyHostMessage(store: InspectorStore, message: HostToWebview): void {
  switch (message.type) {
    case 'init':
      store.reset(message.status, Array.isArray(message.rollouts) ? message.rollouts : []);
      break;
    case 'rollouts':
      if (Array.isArray(message.rollouts)) store.append(message.rollouts);
      break;
    case 'status':
      store.setStatus(message.status);
      break;
    case 'metrics':
      store.setMetrics(message.step, message.metrics);
      break;
  }
}

function bootstrap(): void {
  const host = new HostClient();
  const store = new InspectorStore();
  const saved = host.viewState;
  store.select(saved.selectedId);

  const detail = new RolloutDetail(store);
  const list = new RolloutList({
    store,
    initialScrollTop: saved.scrollTop,
    followTail: saved.followTail,
    onOpen: () => detail.focus(),
    onViewChange: debounce(
      (view: { followTail: boolean; scrollTop: number }) => host.updateViewState(view),
      150,
    ),
  });
  detail.element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') list.focus();
  });
  store.subscribe((change) => {
    if (change.kind === 'selection') host.updateViewState({ selectedId: store.selectedId });
  });

  const split = document.createElement('vscode-split-layout');
  split.className = 'main-split';
  split.initialHandlePosition = '45%';
  const start = listPanel(store, list);
  start.slot = 'start';
  detail.element.slot = 'end';
  split.append(start, detail.element);

  const header = new StatusHeader(store, host);
  document.body.append(h('div', { className: 'inspector' }, header.element, split));

  host.onMessage((message) => applyHostMessage(store, message));
  host.announceReady();
}

bootstrap();

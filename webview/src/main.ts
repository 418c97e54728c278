// Bootstrap: build the store, the views and the host client, wire them, then announce `ready` —
// only after every listener is in place, so no host message can arrive before someone hears it.
// Views, listeners and observers live exactly as long as the page (VS Code discards the whole page
// when the panel is hidden or closed), so none of them needs disposing.
import './elements';
import 'uplot/dist/uPlot.min.css';
import './styles/base.css';
import './styles/statusHeader.css';
import './styles/rolloutList.css';
import './styles/rolloutDetail.css';
import './styles/documents.css';
import './styles/filters.css';
import './styles/groupView.css';
import './styles/charts.css';
import './styles/stepScores.css';
import { ChartsPanel } from './chartsPanel';
import { debounce } from './debounce';
import { h } from './dom';
import { FilterBar } from './filterBar';
import { GroupIndex } from './groupIndex';
import { HostClient } from './hostClient';
import { listPanel } from './listPanel';
import { QueryModel } from './queryModel';
import { RolloutDetail } from './rolloutDetail';
import { ScoredFacets } from './scoredFacets';
import { refreshScoreSlots } from './scoreSlots';
import { stepScores } from './stepScores';
import { RolloutList } from './rolloutList';
import { SearchIndex } from './searchIndex';
import { StatusHeader } from './statusHeader';
import { InspectorStore } from './store';
import { VisibleRollouts } from './visibleRollouts';
import type { HostToWebview } from '../../src/protocol/webviewMessages';
import { Annotator } from './annotate/annotator';
import { labelledDetail } from './annotate/labelledDetail';

function applyHostMessage(store: InspectorStore, labelling: Annotator, message: HostToWebview): void {
  switch (message.type) {
    case 'init':
      stepScores.reset(); // the host says again which scorer, then sends the scores
      store.reset(
        message.status,
        Array.isArray(message.rollouts) ? message.rollouts : [],
        Array.isArray(message.metrics) ? message.metrics : [],
      );
      labelling.model.setState(message.annotations);
      break;
    case 'rollouts':
      if (Array.isArray(message.rollouts)) store.append(message.rollouts);
      break;
    case 'status':
      store.setStatus(message.status);
      break;
    case 'metrics':
      store.setMetrics(message.step, message.metrics, message.phase);
      break;
    case 'annotations':
      labelling.model.setState(message.state);
      break;
    case 'stepScorer':
      stepScores.setScorer(message.scorer);
      break;
    case 'stepScores':
      stepScores.add(message.scores);
      break;
    case 'regenerations':
      labelling.regenerations.setState(message.state);
      break;
  }
}

function bootstrap(): void {
  const host = new HostClient();
  const store = new InspectorStore();
  const saved = host.viewState;
  store.select(saved.selectedId);
  const queryModel = new QueryModel(saved.query);
  queryModel.subscribe((query) => host.updateViewState({ query }));
  const searchIndex = new SearchIndex(store);
  const facets = new ScoredFacets(store, stepScores);
  stepScores.subscribe(() => refreshScoreSlots());
  const visible = new VisibleRollouts(store, queryModel, searchIndex);

  const detail = new RolloutDetail(store, queryModel, new GroupIndex(store), (rolloutId) =>
    host.send({ type: 'openCutDiff', rolloutId }),
  );
  const list = new RolloutList({
    store,
    visible,
    facets,
    queryModel,
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
  split.initialHandlePosition = '55%';
  const filterBar = new FilterBar({ store, queryModel, facets, visible, searchIndex });
  const start = listPanel(store, visible, list, filterBar);
  start.slot = 'start';
  // Labelling: the label pane above the detail, keys on the whole page, markers on the list's rows.
  const labelling = new Annotator(store, visible, host);
  labelling.observeList(list.element);
  const end = labelledDetail(labelling, detail.element);
  end.slot = 'end';
  split.append(start, end);

  const charts = new ChartsPanel(
    store,
    queryModel,
    saved.chartsOpen,
    (chartsOpen) => host.updateViewState({ chartsOpen }),
    labelling.model,
  );
  const header = new StatusHeader(store, host, [charts.toggle]);
  document.body.append(
    h('div', { className: 'inspector' }, header.element, charts.element, split),
    labelling.cheatSheet,
  );
  charts.mount();

  host.onMessage((message) => applyHostMessage(store, labelling, message));
  host.announceReady();
}

bootstrap();

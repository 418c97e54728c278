// The real host side of labelling for webview tests: an InspectorPanel with a real AnnotationService
// over a real store in a temp folder, wired both ways to a page — host messages go in as the
// inspector receives them, and whatever the page posts (annotate, undo, redo) is read from the page's
// VS Code stub and handed to the panel, as VS Code would.
import '../unit/mocks/installVscodeMock';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationService } from '../../src/annotations/annotationService';
import { AnnotationStore } from '../../src/annotations/annotationStore';
import { Emitter } from '../../src/core/emitter';
import { silentLogger } from '../../src/core/logger';
import type { InspectorSource } from '../../src/panel/inspectedRun';
import { InspectorPanel } from '../../src/panel/inspectorPanel';
import type { InspectorRegenerations } from '../../src/panel/inspectorRegenerations';
import type { Rollout } from '../../src/protocol/generated';
import type { HostToWebview, RunStatus } from '../../src/protocol/webviewMessages';
import type { MetricsUpdate } from '../../src/trainer/runModel';
import { FakeWebviewPanel, Uri } from '../unit/mocks/vscode';
import type { InspectorPage } from './inspectorPage';

export interface LabellingHost {
  store: AnnotationStore;
  service: AnnotationService;
  close(): Promise<void>;
}

export async function connectLabelling(
  inspector: InspectorPage,
  rollouts: Rollout[],
  regenerations?: InspectorRegenerations,
): Promise<LabellingHost> {
  const folder = await mkdtemp(join(tmpdir(), 'searchr2-annotate-'));
  const store = await AnnotationStore.open(folder);
  const service = new AnnotationService(() => 'ada', silentLogger);
  service.setStore(store);
  const status: RunStatus = { state: 'running', runId: 'r1', step: 12 };
  const source: InspectorSource = {
    status,
    rollouts,
    metrics: [],
    onDidChangeStatus: new Emitter<RunStatus>().event,
    onDidReceiveRollouts: new Emitter<readonly Rollout[]>().event,
    onDidReceiveMetrics: new Emitter<MetricsUpdate>().event,
  };
  const fake = new FakeWebviewPanel('searchr2.inspector', 'Search-R2 Inspector');
  let chain = Promise.resolve();
  fake.webview.postMessage = (message: unknown): Promise<boolean> => {
    chain = chain.then(() => inspector.send(message as HostToWebview));
    return Promise.resolve(true);
  };
  const panel = new InspectorPanel(
    fake as never,
    Uri.file('/ext') as never,
    source,
    silentLogger,
    service,
    regenerations,
  );
  fake.webview.fromView.fire({ type: 'ready' });
  await chain;

  // Page -> host: forward what the page posts after `ready`, in order.
  let forwarded = (await inspector.posted()).length;
  let open = true;
  const pump = (async () => {
    while (open) {
      const posted = await inspector.posted().catch(() => []);
      for (const message of posted.slice(forwarded)) fake.webview.fromView.fire(message);
      forwarded = Math.max(forwarded, posted.length);
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
  return {
    store,
    service,
    close: async () => {
      open = false;
      await pump;
      panel.dispose();
      service.dispose();
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

// The real host side of the step scorer for webview tests: an InspectorPanel (with its real
// StepScoresFeed and the real onnxruntime model from test/fixtures/scorer) showing a run folder in a
// temp runs folder, plus a real AnnotationService, wired both ways to a page as VS Code would.
import '../unit/mocks/installVscodeMock';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationService } from '../../src/annotations/annotationService';
import { AnnotationStore } from '../../src/annotations/annotationStore';
import { Emitter } from '../../src/core/emitter';
import { silentLogger } from '../../src/core/logger';
import type { InspectorSource } from '../../src/panel/inspectedRun';
import { InspectorPanel } from '../../src/panel/inspectorPanel';
import type { Rollout } from '../../src/protocol/generated';
import type { HostToWebview, RunStatus } from '../../src/protocol/webviewMessages';
import type { MetricsUpdate } from '../../src/trainer/runModel';
import { FakeWebviewPanel, Uri } from '../unit/mocks/vscode';
import type { InspectorPage } from './inspectorPage';

export const scorerFixture = join(__dirname, '..', 'fixtures', 'scorer');

/** A temp runs folder; `withScorer` names the run folders that get a checkpoint with the fixture scorer. */
export async function runsFolder(withScorer: string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'searchr2-scores-view-'));
  for (const run of withScorer) {
    const checkpoint = join(root, run, 'checkpoints', 'step-3');
    await mkdir(checkpoint, { recursive: true });
    await copyFile(join(scorerFixture, 'model.onnx'), join(checkpoint, 'step_scorer.onnx'));
    await copyFile(join(scorerFixture, 'step_scorer.json'), join(checkpoint, 'step_scorer.json'));
  }
  return root;
}

export interface ScoresHost {
  store: AnnotationStore;
  /** Every message the host posted, in order. */
  posted: HostToWebview[];
  close(): Promise<void>;
}

export async function connectScores(
  inspector: InspectorPage,
  runDir: string,
  rollouts: Rollout[],
): Promise<ScoresHost> {
  const folder = await mkdtemp(join(tmpdir(), 'searchr2-scores-labels-'));
  const store = await AnnotationStore.open(folder);
  const service = new AnnotationService(() => 'ada', silentLogger);
  service.setStore(store);
  const status: RunStatus = { state: 'stopped', runId: 'r1', runDir, step: 12, readOnly: true };
  const source: InspectorSource = {
    status,
    rollouts,
    metrics: [],
    onDidChangeStatus: new Emitter<RunStatus>().event,
    onDidReceiveRollouts: new Emitter<readonly Rollout[]>().event,
    onDidReceiveMetrics: new Emitter<MetricsUpdate>().event,
  };
  const fake = new FakeWebviewPanel('searchr2.inspector', 'Search-R2 Inspector');
  const posted: HostToWebview[] = [];
  let chain = Promise.resolve();
  fake.webview.postMessage = (message: unknown): Promise<boolean> => {
    posted.push(message as HostToWebview);
    chain = chain.then(() => inspector.send(message as HostToWebview));
    return Promise.resolve(true);
  };
  const panel = new InspectorPanel(fake as never, Uri.file('/ext') as never, source, silentLogger, service);
  fake.webview.fromView.fire({ type: 'ready' });
  await chain;

  let forwarded = (await inspector.posted()).length;
  let open = true;
  const pump = (async () => {
    while (open) {
      const fromPage = await inspector.posted().catch(() => []);
      for (const message of fromPage.slice(forwarded)) fake.webview.fromView.fire(message);
      forwarded = Math.max(forwarded, fromPage.length);
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
  return {
    store,
    posted,
    close: async () => {
      open = false;
      await pump;
      await chain;
      panel.dispose();
      service.dispose();
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

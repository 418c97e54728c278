// One inspector webview panel: renders the HTML, answers `ready` with the full state, and streams
// rollouts in batches while the view is ready. A hidden webview is torn down (no
// retainContextWhenHidden) and sends `ready` again when shown, so nothing is posted in between.
// The full state goes out in chunks: `init` carries the first rows, so a reload of a 100k-rollout
// run shows rows at once, and the rest follow as `rollouts` messages, one per task, so the view
// renders and answers input between them. New rollouts queue behind that backlog, never ahead.
import * as vscode from 'vscode';
import { Batcher } from '../core/batcher';
import { Disposable } from '../core/disposable';
import { coalesced } from '../core/microtaskCoalescer';
import type { Logger } from '../core/logger';
import type { Rollout } from '../protocol/generated';
import { isWebviewToHost, type HostToWebview, type WebviewToHost } from '../protocol/webviewMessages';
import type { InspectorAnnotations } from './inspectorAnnotations';
import type { InspectorRegenerations } from './inspectorRegenerations';
import type { InspectorSource } from './inspectedRun';
import { renderInspectorHtml } from './inspectorHtml';
import { createNonce } from './nonce';
import { StepScoresFeed } from './stepScoresFeed';

export const INSPECTOR_VIEW_TYPE = 'searchr2.inspector';
const ROLLOUT_FLUSH_MS = 50;
/** Rows in `init`: more than any screen shows. */
const INIT_ROWS = 300;
/** Rows per later message: a few ms of work in the view even for long rollouts. */
const BACKLOG_CHUNK_ROWS = 500;

export function inspectorWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

export class InspectorPanel extends Disposable {
  private ready = false;
  private readonly rolloutBatch = this._register(
    new Batcher<Rollout>(ROLLOUT_FLUSH_MS, (rollouts) => this.deliver(rollouts)),
  );
  /** Rollouts the view has not been sent yet, in order, from `backlogAt` on. */
  private backlog: Rollout[] = [];
  private backlogAt = 0;
  private backlogTimer: NodeJS.Timeout | undefined;
  private annotationsRunId: string | undefined;
  /** The step scorer's verdicts, scored in chunks after `init` (see stepScoresFeed.ts). */
  private readonly stepScores: StepScoresFeed;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly model: InspectorSource,
    private readonly logger: Logger,
    private readonly annotations?: InspectorAnnotations,
    private readonly regenerations?: InspectorRegenerations,
  ) {
    super();
    this.stepScores = this._register(
      new StepScoresFeed(model, { post: (message) => this.postInOrder(message), logger }),
    );
    const webview = panel.webview;
    webview.options = inspectorWebviewOptions(extensionUri);
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    webview.html = renderInspectorHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    this._register(webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Hidden means the page is gone; its next load sends `ready` and gets a fresh `init`.
        if (!panel.visible) this.notReady();
      }),
    );
    this._register(model.onDidReceiveRollouts((rollouts) => this.ready && this.rolloutBatch.add(rollouts)));
    this._register(
      model.onDidChangeStatus((status) => {
        this.postInOrder({ type: 'status', status });
        if (status.runId !== this.annotationsRunId) this.queueAnnotations();
        this.queueRegenerations(); // whether one can be asked for follows the run's state
      }),
    );
    if (annotations !== undefined) this._register(annotations.onDidChange(() => this.queueAnnotations()));
    if (regenerations !== undefined)
      this._register(regenerations.onDidChange(() => this.queueRegenerations()));
    this._register(model.onDidReceiveMetrics((m) => this.postInOrder({ type: 'metrics', ...m })));
    if (model.onDidReset !== undefined) this._register(model.onDidReset(() => this.postInit()));
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register({ dispose: () => this.dropBacklog() });
  }

  reveal(): void {
    this.panel.reveal();
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) {
      this.logger.warn(`inspector: ignored an unexpected message: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    this.handle(message);
  }

  private handle(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postInit();
        return;
      case 'runCommand':
        void vscode.commands.executeCommand(message.command);
        return;
      case 'annotate':
        void this.annotations?.apply(message.edit);
        return;
      case 'undoAnnotation':
        void this.annotations?.undo();
        return;
      case 'redoAnnotation':
        void this.annotations?.redo();
        return;
      case 'regenerate':
        this.regenerations?.request(message.runId, message.rolloutId, message.step);
        return;
      case 'openRegeneration':
        this.regenerations?.open(message.key);
        return;
      case 'openCutDiff':
        this.regenerations?.openCut(message.rolloutId);
        return;
    }
  }

  /** Regeneration changes, like label changes, come in bursts: one message per burst. */
  private readonly queueRegenerations = coalesced(() => this.postRegenerations());

  private postRegenerations(): void {
    if (this.regenerations === undefined || !this.ready) return;
    this.postInOrder({ type: 'regenerations', state: this.regenerations.stateFor(this.model.status.runId) });
  }

  private readonly queueAnnotations = coalesced(() => this.postAnnotations());

  private postAnnotations(): void {
    if (this.annotations === undefined || !this.ready) return;
    this.annotationsRunId = this.model.status.runId;
    this.postInOrder({ type: 'annotations', state: this.annotations.stateFor(this.annotationsRunId) });
  }

  /** The full state, replacing what the view had (first load, re-show, another run opened). */
  private postInit(): void {
    this.rolloutBatch.clear(); // already part of the model's rollouts, which init carries
    this.dropBacklog();
    const rollouts = this.model.rollouts;
    this.annotationsRunId = this.model.status.runId;
    this.post({
      type: 'init',
      status: this.model.status,
      rollouts: rollouts.slice(0, INIT_ROWS),
      metrics: [...(this.model.metrics ?? [])],
      ...(this.annotations === undefined
        ? {}
        : { annotations: this.annotations.stateFor(this.annotationsRunId) }),
    });
    if (rollouts.length > INIT_ROWS) {
      this.backlog = rollouts.slice(INIT_ROWS);
      this.scheduleBacklog();
    }
    this.queueRegenerations();
    this.stepScores.restart();
  }

  /** A batch of new rollouts: straight to the view, or behind the rows of `init` still queued. */
  private deliver(rollouts: Rollout[]): void {
    if (this.backlogTimer === undefined) {
      this.post({ type: 'rollouts', rollouts });
      return;
    }
    for (const rollout of rollouts) this.backlog.push(rollout);
  }

  private scheduleBacklog(): void {
    this.backlogTimer = setTimeout(() => this.sendBacklogChunk(), 0);
  }

  private sendBacklogChunk(): void {
    const chunk = this.backlog.slice(this.backlogAt, this.backlogAt + BACKLOG_CHUNK_ROWS);
    this.backlogAt += chunk.length;
    this.post({ type: 'rollouts', rollouts: chunk });
    if (this.backlogAt < this.backlog.length) this.scheduleBacklog();
    else this.dropBacklog();
  }

  private dropBacklog(): void {
    if (this.backlogTimer !== undefined) clearTimeout(this.backlogTimer);
    this.backlogTimer = undefined;
    this.backlog = [];
    this.backlogAt = 0;
  }

  /** Rollouts waiting in the batch go first, so a status never overtakes the rollouts before it. */
  private postInOrder(message: HostToWebview): void {
    if (!this.ready) return;
    this.rolloutBatch.flush();
    this.post(message);
  }

  private post(message: HostToWebview): void {
    if (!this.ready || this.isDisposed) return;
    this.panel.webview.postMessage(message).then(
      (delivered) => {
        // Not delivered: the page went away in between. It will ask again with `ready`.
        if (!delivered) this.notReady();
      },
      (err: unknown) => this.logger.warn(`inspector: postMessage failed: ${String(err)}`),
    );
  }

  private notReady(): void {
    this.ready = false;
    this.rolloutBatch.clear();
    this.dropBacklog();
    this.stepScores.stop();
  }
}

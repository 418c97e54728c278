// The Runs view's data: run folders read from disk (re-read when the file watcher or a run event
// says they changed) merged with the live run's status (fresher than its files).
import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { RunModel } from '../trainer/runModel';
import { MetricsCache } from './metricsCache';
import { listRunFolders, type RunFolder } from './runFolder';
import { buildRunsTree, type LiveRun, type RunsTreeNode } from './runsTreeModel';

// A training step appends to metrics.jsonl and saves checkpoints in bursts: one re-read per burst.
const RELOAD_DELAY_MS = 500;

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunsTreeNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private folders: Promise<RunFolder[]> | undefined;
  private readonly metricsCache = new MetricsCache();
  private reloadTimer: NodeJS.Timeout | undefined;
  private watchers: vscode.Disposable[] = [];
  private watchedRoot: string | undefined;
  private lastLiveState: string;

  constructor(
    private readonly runsRoot: () => string,
    private readonly live: RunModel,
  ) {
    super();
    this.lastLiveState = live.status.state;
    this._register(
      live.onDidChangeStatus((status) => {
        // A run began or ended: its folder appeared or got its last files. Otherwise only the live
        // run's description (step, reward) changed, which needs no disk read.
        if (status.state === this.lastLiveState) return this.changeEmitter.fire();
        this.lastLiveState = status.state;
        // The first run creates the runs folder; a watcher made before it existed may see nothing.
        if (status.state === 'starting') this.watchedRoot = undefined;
        this.watch();
        this.scheduleReload();
      }),
    );
    this._register(live.onDidReceiveMetrics(() => this.changeEmitter.fire()));
    this.watch();
  }

  /** Re-reads the runs folder now, e.g. after the runs folder setting changed. */
  refresh(): void {
    this.watch();
    this.folders = undefined;
    this.changeEmitter.fire();
  }

  getTreeItem(node: RunsTreeNode): vscode.TreeItem {
    const collapsible =
      node.kind === 'run' && node.checkpoints.length > 0
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.tooltip = node.kind === 'run' ? node.tooltip : node.path;
    item.resourceUri = vscode.Uri.file(node.path);
    if (node.kind === 'checkpoint') {
      item.iconPath = new vscode.ThemeIcon('package');
      item.contextValue = 'searchr2.checkpoint';
      return item;
    }
    item.description = node.description;
    item.iconPath = new vscode.ThemeIcon(node.icon);
    item.contextValue = `searchr2.run.${node.role}`;
    if (node.role !== 'empty') {
      item.command = {
        command: 'searchr2.openRunInInspector',
        title: 'Open in Inspector',
        arguments: [node],
      };
    }
    return item;
  }

  async getChildren(node?: RunsTreeNode): Promise<RunsTreeNode[]> {
    if (node !== undefined) return node.kind === 'run' ? node.checkpoints : [];
    this.folders ??= listRunFolders(this.runsRoot(), this.metricsCache);
    return buildRunsTree(await this.folders, this.liveRun());
  }

  override dispose(): void {
    if (this.reloadTimer !== undefined) clearTimeout(this.reloadTimer);
    for (const w of this.watchers) w.dispose();
    super.dispose();
  }

  private liveRun(): LiveRun | undefined {
    const { state, runDir, step, maxSteps } = this.live.status;
    return runDir === undefined
      ? undefined
      : { state, runDir, step, maxSteps, rewardMean: this.live.rewardMean };
  }

  private scheduleReload(): void {
    if (this.reloadTimer !== undefined) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      this.folders = undefined;
      this.changeEmitter.fire();
    }, RELOAD_DELAY_MS);
  }

  /** (Re)creates the watchers when the runs folder moved. rollouts.jsonl grows with every rollout:
   *  only its creation and deletion count. */
  private watch(): void {
    const root = this.runsRoot();
    if (root === this.watchedRoot) return;
    for (const w of this.watchers) w.dispose();
    this.watchedRoot = root;
    const base = vscode.Uri.file(root);
    const structure = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(base, '{*,*/rollouts.jsonl,*/checkpoints/*}'),
      false,
      true,
      false,
    );
    const metrics = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(base, '*/metrics.jsonl'),
    );
    const reload = (): void => this.scheduleReload();
    this.watchers = [structure, metrics];
    for (const watcher of [structure, metrics]) {
      this.watchers.push(
        watcher.onDidCreate(reload),
        watcher.onDidChange(reload),
        watcher.onDidDelete(reload),
      );
    }
  }
}

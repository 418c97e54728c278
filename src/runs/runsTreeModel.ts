// What the Runs view shows: the live run first (marked running or paused), then past runs newest
// first, each with its checkpoints as children. Pure: built from what runFolder.ts read and the
// live run's status, and unit-tested.
import * as path from 'node:path';
import type { RunState } from '../protocol/webviewMessages';
import type { RunFolder } from './runFolder';

export interface LiveRun {
  runDir: string;
  state: RunState;
  step?: number;
  maxSteps?: number;
  rewardMean?: number;
}

export interface CheckpointNode {
  kind: 'checkpoint';
  id: string;
  label: string;
  path: string;
  step: number;
}

export type RunNodeRole = 'live' | 'past' | 'empty';

export interface RunNode {
  kind: 'run';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  path: string;
  /** live: the trainer runs it now; past: has rollouts to open; empty: nothing to open yet. */
  role: RunNodeRole;
  /** A codicon id. */
  icon: string;
  checkpoints: CheckpointNode[];
}

export type RunsTreeNode = RunNode | CheckpointNode;

const LIVE_STATES: ReadonlySet<RunState> = new Set(['starting', 'running', 'paused', 'stopping']);
const LIVE_ICONS: Partial<Record<RunState, string>> = { paused: 'debug-pause', running: 'debug-start' };

export function buildRunsTree(folders: readonly RunFolder[], live: LiveRun | undefined): RunNode[] {
  const liveDir = live !== undefined && LIVE_STATES.has(live.state) ? path.resolve(live.runDir) : undefined;
  const nodes: RunNode[] = [];
  let liveNode: RunNode | undefined;
  for (const folder of folders) {
    if (liveDir !== undefined && live !== undefined && path.resolve(folder.path) === liveDir) {
      liveNode = liveRunNode(live, folder);
    } else {
      nodes.push(pastRunNode(folder));
    }
  }
  // The live run's folder may not be listed yet (or lie outside the runs folder): show it anyway.
  if (live !== undefined && liveDir !== undefined) liveNode ??= liveRunNode(live, undefined);
  return liveNode === undefined ? nodes : [liveNode, ...nodes];
}

function liveRunNode(live: LiveRun, folder: RunFolder | undefined): RunNode {
  const steps =
    live.step !== undefined && live.maxSteps !== undefined ? `step ${live.step}/${live.maxSteps}` : undefined;
  const description = join([live.state, steps, rewardText(live.rewardMean)]);
  return {
    kind: 'run',
    id: `run:${path.resolve(live.runDir)}`,
    label: path.basename(live.runDir),
    description,
    tooltip: `${path.basename(live.runDir)} — ${description}\n${live.runDir}`,
    path: live.runDir,
    role: 'live',
    icon: LIVE_ICONS[live.state] ?? 'loading~spin',
    checkpoints: checkpointNodes(folder),
  };
}

function pastRunNode(folder: RunFolder): RunNode {
  const nothingYet = folder.lastStep === undefined && !folder.hasRollouts && folder.checkpoints.length === 0;
  const description = nothingYet
    ? 'empty'
    : join([
        folder.lastStep !== undefined ? `step ${folder.lastStep}` : undefined,
        rewardText(folder.rewardMean),
        folder.hasRollouts ? undefined : 'no rollouts',
      ]);
  const skipped =
    folder.skippedMetricsLines > 0
      ? `\n${folder.skippedMetricsLines} unreadable metrics line(s) skipped`
      : '';
  return {
    kind: 'run',
    id: `run:${path.resolve(folder.path)}`,
    label: folder.name,
    description,
    tooltip: `${folder.name} — ${description}\n${folder.path}${skipped}`,
    path: folder.path,
    role: folder.hasRollouts ? 'past' : 'empty',
    icon: folder.hasRollouts ? 'history' : 'circle-slash',
    checkpoints: checkpointNodes(folder),
  };
}

function checkpointNodes(folder: RunFolder | undefined): CheckpointNode[] {
  return (folder?.checkpoints ?? []).map((c) => ({
    kind: 'checkpoint',
    id: `checkpoint:${path.resolve(c.path)}`,
    label: `checkpoints/step-${c.step}`,
    path: c.path,
    step: c.step,
  }));
}

function rewardText(reward: number | undefined): string | undefined {
  return reward !== undefined && Number.isFinite(reward) ? `reward ${reward.toFixed(2)}` : undefined;
}

function join(parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p.length > 0).join(' · ');
}

// Messages between the extension host and the inspector webview. Pure types and guards:
// this file is compiled into both bundles, so it imports neither `vscode` nor Node.
import type { Rollout } from './generated';

export type RunState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'crashed';

export interface RunStatus {
  state: RunState;
  runId?: string;
  runDir?: string;
  step?: number;
  maxSteps?: number;
  /** A short human-readable line, e.g. the reason a run stopped or crashed. */
  message?: string;
  /** A past run opened from its folder: no trainer behind it, nothing to control. */
  readOnly?: boolean;
}

/** One metrics event of the run, as the trainer reported it. */
export interface MetricsPoint {
  step: number;
  /** The trainer's phase; absent means 'train'. The inspector charts only training metrics. */
  phase?: 'sft' | 'train' | 'eval';
  metrics: Record<string, number>;
}

/** Host -> webview. */
export type HostToWebview =
  /**
   * Full state, sent in answer to `ready` (first load, reload, re-show). Replaces what the view had.
   * `metrics` (optional): the run's metrics so far, so charts survive a reload; absent reads as none.
   */
  | { type: 'init'; status: RunStatus; rollouts: Rollout[]; metrics?: MetricsPoint[] }
  /** New rollouts, in arrival order, appended to the list. */
  | { type: 'rollouts'; rollouts: Rollout[] }
  | { type: 'status'; status: RunStatus }
  | ({ type: 'metrics' } & MetricsPoint);

/** Webview -> host. */
export type WebviewToHost =
  /** The view has loaded its script and can receive messages. */
  | { type: 'ready' }
  /** A button in the view asks the host to run a contributed command. */
  | { type: 'runCommand'; command: RunCommandId };

/** The only commands a view may ask for; each keeps its own enablement checks in the host. */
export type RunCommandId =
  | 'searchr2.startTraining'
  | 'searchr2.stopTraining'
  | 'searchr2.pauseTraining'
  | 'searchr2.resumeTraining'
  | 'searchr2.saveCheckpoint';

const webviewToHostTypes = new Set(['ready', 'runCommand']);
const allowedCommands = new Set<string>([
  'searchr2.startTraining',
  'searchr2.stopTraining',
  'searchr2.pauseTraining',
  'searchr2.resumeTraining',
  'searchr2.saveCheckpoint',
] satisfies RunCommandId[]);

/** Guards what the host receives: the webview is a separate, less trusted context. */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !webviewToHostTypes.has(type)) return false;
  if (type === 'runCommand') {
    const command = (value as { command?: unknown }).command;
    return typeof command === 'string' && allowedCommands.has(command);
  }
  return true;
}

const hostToWebviewTypes = new Set(['init', 'rollouts', 'status', 'metrics']);

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && hostToWebviewTypes.has(type);
}

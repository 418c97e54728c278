// Messages between the extension host and the inspector webview. Pure types and guards:
// this file is compiled into both bundles, so it imports neither `vscode` nor Node.
import type { Annotation, CollectionLabel, Cut, StepRating } from '../annotations/generated';
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
   * `annotations` (optional): the run's labels; later changes come as `annotations` messages.
   */
  | {
      type: 'init';
      status: RunStatus;
      rollouts: Rollout[];
      metrics?: MetricsPoint[];
      /** The shown run's labels; absent when the host has no labelling (reads as none). */
      annotations?: AnnotationsState;
    }
  /** New rollouts, in arrival order, appended to the list. */
  | { type: 'rollouts'; rollouts: Rollout[] }
  | { type: 'status'; status: RunStatus }
  | ({ type: 'metrics' } & MetricsPoint)
  /** The shown run's labels and where each stands; sent after `init` and on every change. */
  | { type: 'annotations'; state: AnnotationsState }
  /** Which step scorer scores the shown run, or why none does; drops every score the view holds. */
  | { type: 'stepScorer'; scorer: StepScorerState }
  /** Scores from the scorer of the last `stepScorer`, a chunk at a time, for rollouts of the shown run. */
  | { type: 'stepScores'; scores: RolloutStepScores[] }
  /** The shown run's regenerations and whether one can be asked for; sent after `init` and on change. */
  | { type: 'regenerations'; state: RegenerationsState };

/** Regenerate from step k, as the inspector shows it for one run. */
export interface RegenerationsState {
  runId: string | undefined;
  /** A regeneration can be asked for now (a live trainer of this run that offers it). */
  available: boolean;
  /** Why not, in words, when not available. */
  reason?: string;
  entries: RegenerationView[];
}

export interface RegenerationView {
  /** Names it in `openRegeneration`. */
  key: string;
  rolloutId: string;
  /** k: the first step generated again. */
  fromStep: number;
  state: 'waiting' | 'done' | 'failed';
  /** Why it failed. */
  message?: string;
  /** For a done one: the policy's optimizer step, the new answer and its score, its step count. */
  policyStep?: number;
  answer?: string | null;
  em?: number;
  reward?: number;
  steps?: number;
}

/** The step scorer the host uses for the shown run (checkpoints/step-N/step_scorer.onnx). */
export interface StepScorerState {
  /** Scores will follow; false: no scorer (none yet, or none could be loaded). */
  available: boolean;
  /** One line for the person: which run's scorer is used, or why there is none. */
  message: string;
}

/** The step scorer's verdict on one rollout. */
export interface RolloutStepScores {
  rolloutId: string;
  /** P(step i + 1 is flawed), rounded to 3 decimals. */
  pFlawed: number[];
  /** The earliest step with P(flawed) > 0.5 (1-based), else 0: comparable to a cut. */
  predictedCut: number;
}

export interface AnnotationsState {
  /** The run the labels belong to; undefined when the inspector shows no run. */
  runId: string | undefined;
  annotations: Annotation[];
  /** Labels cannot be changed (the file could not be trusted, or no workspace is open). */
  readOnly: boolean;
  /** One line for the person: why labels are read-only, or how delivery to the trainer stands. */
  message?: string;
  canUndo: boolean;
  canRedo: boolean;
}

/** What the refiner had decided, as the annotation store records it. */
export interface RefinerAtLabelTime {
  decision: 'keep' | 'revise';
  cut_step: number;
  margin: number;
}

/** One change to the selected rollout's label, as the person made it. */
export type AnnotationChange =
  | { kind: 'cut'; cut: Cut | null }
  | { kind: 'collection'; step: number; label: CollectionLabel | null }
  | { kind: 'rating'; step: number; rating: StepRating | null }
  | { kind: 'note'; note: string }
  | { kind: 'tags'; tags: string[] };

export interface AnnotationEdit {
  runId: string;
  rolloutId: string;
  /** Training step that generated the rollout. */
  step: number;
  /** Seconds the person has had this rollout selected, all visits together. */
  secondsSpent: number;
  refiner: RefinerAtLabelTime | null;
  change: AnnotationChange;
}

/** Webview -> host. */
export type WebviewToHost =
  /** The view has loaded its script and can receive messages. */
  | { type: 'ready' }
  /** A button in the view asks the host to run a contributed command. */
  | { type: 'runCommand'; command: RunCommandId }
  /** A label change on one rollout; the host saves it, then sends it to the trainer. */
  | { type: 'annotate'; edit: AnnotationEdit }
  /** Undo / redo of this window's last label change (the store's history). */
  | { type: 'undoAnnotation' }
  | { type: 'redoAnnotation' }
  /** Regenerate one rollout of the shown run from step `step` with the live trainer's policy. */
  | { type: 'regenerate'; runId: string; rolloutId: string; step: number }
  /** Show a regeneration (by its key) against the original in VS Code's diff editor. */
  | { type: 'openRegeneration'; key: string }
  /** Show a revised rollout's Meta-Refiner cut in VS Code's diff editor: as first written vs final. */
  | { type: 'openCutDiff'; rolloutId: string };

/** The only commands a view may ask for; each keeps its own enablement checks in the host. */
export type RunCommandId =
  | 'searchr2.startTraining'
  | 'searchr2.stopTraining'
  | 'searchr2.pauseTraining'
  | 'searchr2.resumeTraining'
  | 'searchr2.saveCheckpoint';

const webviewToHostTypes = new Set([
  'ready',
  'runCommand',
  'annotate',
  'undoAnnotation',
  'redoAnnotation',
  'regenerate',
  'openRegeneration',
  'openCutDiff',
]);
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
  if (type === 'annotate') return isAnnotationEdit((value as { edit?: unknown }).edit);
  if (type === 'regenerate') {
    const v = value as { runId?: unknown; rolloutId?: unknown; step?: unknown };
    return (
      isShortText(v.runId) &&
      v.runId !== '' &&
      isShortText(v.rolloutId) &&
      v.rolloutId !== '' &&
      isStepNumber(v.step) &&
      v.step >= 1
    );
  }
  if (type === 'openRegeneration') {
    const key = (value as { key?: unknown }).key;
    return isShortText(key) && key !== '';
  }
  if (type === 'openCutDiff') {
    const rolloutId = (value as { rolloutId?: unknown }).rolloutId;
    return isShortText(rolloutId) && rolloutId !== '';
  }
  return true;
}

const MAX_TEXT = 10_000;
const MAX_TAGS = 50;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isShortText = (v: unknown, max = 500): v is string => typeof v === 'string' && v.length <= max;
const isStepNumber = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) < 10_000;
const collectionLabels = new Set(['useful', 'not_useful', 'misleading']);

function isRefiner(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v)) return false;
  return (
    (v.decision === 'keep' || v.decision === 'revise') &&
    isStepNumber(v.cut_step) &&
    typeof v.margin === 'number' &&
    Number.isFinite(v.margin)
  );
}

function isChange(v: unknown): boolean {
  if (!isObject(v)) return false;
  switch (v.kind) {
    case 'cut':
      return v.cut === null || v.cut === 'accept' || isStepNumber(v.cut);
    case 'collection':
      return (
        isStepNumber(v.step) && v.step >= 1 && (v.label === null || collectionLabels.has(v.label as string))
      );
    case 'rating':
      return (
        isStepNumber(v.step) &&
        v.step >= 1 &&
        (v.rating === null || v.rating === -1 || v.rating === 0 || v.rating === 1)
      );
    case 'note':
      return isShortText(v.note, MAX_TEXT);
    case 'tags':
      return Array.isArray(v.tags) && v.tags.length <= MAX_TAGS && v.tags.every((t) => isShortText(t, 100));
    default:
      return false;
  }
}

/** The webview is less trusted than the host: every field of an edit is checked before it is saved. */
export function isAnnotationEdit(v: unknown): v is AnnotationEdit {
  if (!isObject(v)) return false;
  return (
    isShortText(v.runId) &&
    v.runId !== '' &&
    isShortText(v.rolloutId) &&
    v.rolloutId !== '' &&
    Number.isInteger(v.step) &&
    (v.step as number) >= 0 &&
    typeof v.secondsSpent === 'number' &&
    Number.isFinite(v.secondsSpent) &&
    v.secondsSpent >= 0 &&
    isRefiner(v.refiner) &&
    isChange(v.change)
  );
}

const hostToWebviewTypes = new Set([
  'init',
  'rollouts',
  'status',
  'metrics',
  'annotations',
  'stepScorer',
  'stepScores',
  'regenerations',
]);

export function isHostToWebview(value: unknown): value is HostToWebview {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && hostToWebviewTypes.has(type);
}

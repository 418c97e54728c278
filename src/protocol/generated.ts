/* Generated from trainer/searchr2/protocol/searchr2-1.schema.json by scripts/gen-protocol.mjs. Do not edit. */

/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "Event".
 */
export type Event =
  | HelloEvent
  | RunStartedEvent
  | RolloutEvent
  | MetricsEvent
  | CheckpointSavedEvent
  | LogEvent
  | PausedEvent
  | ResumedEvent
  | StoppedEvent
  | AckEvent
  | ErrorEvent
  | LabelAckEvent
  | LabelAppliedEvent
  | RegeneratedEvent
  | RegenerateFailedEvent;
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "CommandName".
 */
export type CommandName = 'stop' | 'pause' | 'resume' | 'save_checkpoint' | 'label' | 'regenerate';
/**
 * The Meta-Refiner's record: its first decision (fields as RefinerDecision), the number of revisions, and every decision in order.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "RefinerRecord".
 */
export type RefinerRecord = RefinerDecision & {
  revisions?: number;
  decisions?: RefinerDecision[];
};
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "Command".
 */
export type Command =
  StopCommand | PauseCommand | ResumeCommand | SaveCheckpointCommand | LabelCommand | RegenerateCommand;
/**
 * The earliest flawed step (1-based), 0 for nothing wrong, or "accept" to take the Meta-Refiner's own decision.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "Cut".
 */
export type Cut = number | 'accept';
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "CollectionLabel".
 */
export type CollectionLabel = 'useful' | 'not_useful' | 'misleading';
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "StepRating".
 */
export type StepRating = -1 | 0 | 1;

export interface ProtocolRoot {
  Event?: Event;
  Command?: Command;
  CommandName?: CommandName;
  HelloEvent?: HelloEvent;
  RunStartedEvent?: RunStartedEvent;
  RolloutEvent?: RolloutEvent;
  Rollout?: Rollout;
  CollectionScore?: CollectionScore;
  RefinerDecision?: RefinerDecision;
  RefinerRecord?: RefinerRecord;
  Turn?: Turn;
  Document?: Document;
  MetricsEvent?: MetricsEvent;
  CheckpointSavedEvent?: CheckpointSavedEvent;
  LogEvent?: LogEvent;
  PausedEvent?: PausedEvent;
  ResumedEvent?: ResumedEvent;
  StoppedEvent?: StoppedEvent;
  AckEvent?: AckEvent;
  ErrorEvent?: ErrorEvent;
  StopCommand?: StopCommand;
  PauseCommand?: PauseCommand;
  ResumeCommand?: ResumeCommand;
  SaveCheckpointCommand?: SaveCheckpointCommand;
  LabelAckEvent?: LabelAckEvent;
  LabelAppliedEvent?: LabelAppliedEvent;
  RegenerateCommand?: RegenerateCommand;
  RegeneratedEvent?: RegeneratedEvent;
  RegenerateFailedEvent?: RegenerateFailedEvent;
  LabelCommand?: LabelCommand;
  Label?: Label;
  Cut?: Cut;
  CollectionLabel?: CollectionLabel;
  CollectionLabels?: CollectionLabels;
  StepRating?: StepRating;
  StepRatings?: StepRatings;
}
/**
 * First line the trainer prints. The editor refuses any other protocol version.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "HelloEvent".
 */
export interface HelloEvent {
  type: 'hello';
  /**
   * Protocol version, e.g. searchr2/1.
   */
  protocol: string;
  trainer: {
    name: string;
    version: string;
  };
  capabilities: CommandName[];
  pid: number;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "RunStartedEvent".
 */
export interface RunStartedEvent {
  type: 'run_started';
  run_id: string;
  /**
   * Absolute path of the run directory.
   */
  run_dir: string;
  preset: string;
  max_steps: number;
  start_step?: number;
  /**
   * The resolved run config, as written to config.json.
   */
  config: {};
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "RolloutEvent".
 */
export interface RolloutEvent {
  type: 'rollout';
  rollout: Rollout;
}
/**
 * One trajectory. The same object is one line of the run's rollouts.jsonl.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "Rollout".
 */
export interface Rollout {
  /**
   * Unique in the run, e.g. s3-q17-g2.
   */
  id: string;
  /**
   * Training step that generated it.
   */
  step: number;
  /**
   * GRPO group: the siblings of one question at one step share it.
   */
  group_id: string;
  question_id: string;
  question: string;
  golden_answers: string[];
  data_source?: string;
  turns: Turn[];
  /**
   * Content of the last <answer> span, or null.
   */
  answer: string | null;
  em: number;
  reward: number;
  n_searches: number;
  advantage?: number;
  /**
   * Outcome reward: exact match of the answer.
   */
  r_outcome?: number;
  /**
   * Mean usefulness of the search calls' collections (0 with no searches).
   */
  r_process?: number;
  /**
   * Step scorer's verdict: the mean over the steps of P(step is not flawed). Not part of R: the advantage includes labels.prm_weight * (r_prm - the group's mean r_prm). Absent when prm_weight is 0 or no scorer is fitted yet.
   */
  r_prm?: number;
  /**
   * The step scorer's P(flawed) for each step (turn), in order; present with r_prm.
   */
  prm_p_flawed?: number[];
  /**
   * One per executed search, in order.
   */
  collections?: CollectionScore[];
  /**
   * The ablation rung that produced it.
   */
  method?: 'search_r1' | 'refiner' | 'process' | 'search_r2';
  refiner?: RefinerRecord;
}
/**
 * One assistant generation and what the environment answered.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "Turn".
 */
export interface Turn {
  /**
   * The raw generated text of this turn.
   */
  text: string;
  /**
   * Content of <think>, when present.
   */
  think?: string | null;
  action: 'search' | 'answer' | 'invalid';
  /**
   * For action=search.
   */
  query?: string;
  /**
   * For action=answer.
   */
  answer?: string;
  /**
   * For action=search: the retrieved top-k passages.
   */
  documents?: Document[];
  /**
   * For action=invalid: the feedback appended.
   */
  feedback?: string;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "Document".
 */
export interface Document {
  id: string;
  title: string;
  text: string;
  score?: number;
}
/**
 * How useful one search's retrieved collection was, and who said so.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "CollectionScore".
 */
export interface CollectionScore {
  /**
   * Index into turns of the search.
   */
  turn: number;
  useful: number;
  /**
   * support, containment, llm, duplicate, empty or human.
   */
  judge: string;
  /**
   * False when the judge's reply could not be parsed (counted as 0).
   */
  parsed?: boolean;
}
/**
 * One Meta-Refiner decision.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "RefinerDecision".
 */
export interface RefinerDecision {
  prompt_version?: string;
  decision: 'revise' | 'keep';
  /**
   * Earliest flawed step (1-based) when revising, else 0.
   */
  cut_step: number;
  logp_revise?: number;
  logp_keep?: number;
  /**
   * logp_revise - logp_keep; revise when >= tau.
   */
  margin: number;
  tau?: number;
  /**
   * Present when the decision was sampled (refiner.decision = sample): the probability of revising it was drawn with, sigmoid(margin - tau).
   */
  p_revise?: number;
  /**
   * log p(k) for k = 0..n.
   */
  step_logprobs?: number[];
  /**
   * Turns kept before the cut; the regenerated suffix is turns[kept_turns:].
   */
  kept_turns?: number;
  dropped_turns?: Turn[];
  /**
   * Whether the decision token was trained (joint GRPO).
   */
  trained?: boolean;
  /**
   * Present when the run trains cut attempts (refiner.train_dropped suffix or flawed_step): R of the attempt this decision cut, scored as the final trajectories are.
   */
  attempt_reward?: number;
  /**
   * Present when the run trains cut attempts (refiner.train_dropped suffix or flawed_step): the advantage its dropped suffix, or its flawed step, was trained with (normalised with its group).
   */
  attempt_advantage?: number;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "MetricsEvent".
 */
export interface MetricsEvent {
  type: 'metrics';
  step: number;
  phase?: 'sft' | 'train' | 'eval';
  metrics: {
    [k: string]: number;
  };
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "CheckpointSavedEvent".
 */
export interface CheckpointSavedEvent {
  type: 'checkpoint_saved';
  step: number;
  path: string;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "LogEvent".
 */
export interface LogEvent {
  type: 'log';
  level: 'debug' | 'info' | 'warning' | 'error';
  message: string;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "PausedEvent".
 */
export interface PausedEvent {
  type: 'paused';
  step: number;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "ResumedEvent".
 */
export interface ResumedEvent {
  type: 'resumed';
  step: number;
}
/**
 * Last line before a clean exit.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "StoppedEvent".
 */
export interface StoppedEvent {
  type: 'stopped';
  reason: 'completed' | 'requested' | 'error';
  step: number;
  /**
   * Path of the final checkpoint.
   */
  checkpoint?: string | null;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "AckEvent".
 */
export interface AckEvent {
  type: 'ack';
  /**
   * The id of the command acknowledged.
   */
  id: string;
  command: CommandName;
}
/**
 * An error. With id: the command of that id was refused. With fatal: the trainer exits next.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "ErrorEvent".
 */
export interface ErrorEvent {
  type: 'error';
  message: string;
  fatal: boolean;
  id?: string;
  /**
   * What the user can do about it.
   */
  hint?: string;
}
/**
 * The trainer holds this label. Keyed by the label's id, not the command's, so a label sent again after a reconnect is acknowledged again. Sent after the command's ack.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "LabelAckEvent".
 */
export interface LabelAckEvent {
  type: 'label_ack';
  /**
   * The label's id.
   */
  id: string;
}
/**
 * These labels entered the update of this training step.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "LabelAppliedEvent".
 */
export interface LabelAppliedEvent {
  type: 'label_applied';
  /**
   * Label ids.
   *
   * @minItems 1
   */
  ids: [string, ...string[]];
  step: number;
}
/**
 * The answer to a regenerate command: the original trajectory's kept steps 1..k-1, its steps k.. (original_turns) and the new ones (turns), with the new answer's score. Not trained on.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "RegeneratedEvent".
 */
export interface RegeneratedEvent {
  type: 'regenerated';
  /**
   * The regenerate command's id.
   */
  id: string;
  rollout_id: string;
  /**
   * k.
   */
  from_step: number;
  /**
   * Optimizer steps the policy had taken when it regenerated.
   */
  policy_step: number;
  /**
   * Steps 1..k-1, as in the original.
   */
  kept_turns: Turn[];
  /**
   * The original's steps k.., replaced.
   */
  original_turns: Turn[];
  /**
   * The regenerated steps k..
   */
  turns: Turn[];
  /**
   * The regenerated trajectory's final answer.
   */
  answer: string | null;
  /**
   * Exact match of the new answer (0 or 1).
   */
  em: number;
  /**
   * R of the regenerated trajectory, by the run's reward.
   */
  reward: number;
  r_outcome?: number;
  r_process?: number;
  n_searches: number;
  /**
   * Seed of the separate sampling generator used (the training generator is untouched).
   */
  seed: number;
  seconds: number;
}
/**
 * An acked regenerate command could not be served.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "RegenerateFailedEvent".
 */
export interface RegenerateFailedEvent {
  type: 'regenerate_failed';
  /**
   * The regenerate command's id.
   */
  id: string;
  rollout_id: string;
  /**
   * stopped: the run stopped first; failed: generation raised (message says why).
   */
  reason: 'stopped' | 'failed';
  message: string;
}
/**
 * Save a checkpoint, emit stopped, exit 0.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "StopCommand".
 */
export interface StopCommand {
  type: 'stop';
  id: string;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "PauseCommand".
 */
export interface PauseCommand {
  type: 'pause';
  id: string;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "ResumeCommand".
 */
export interface ResumeCommand {
  type: 'resume';
  id: string;
}
/**
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "SaveCheckpointCommand".
 */
export interface SaveCheckpointCommand {
  type: 'save_checkpoint';
  id: string;
}
/**
 * A human label on one rollout, extra process-reward supervision. Answered by ack, then label_ack with the label's id; label_applied follows once a step used it. Sending a label id again replaces that label.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "LabelCommand".
 */
export interface LabelCommand {
  type: 'label';
  id: string;
  label: Label;
}
/**
 * What the trainer needs of an annotation; the full record stays in the editor's annotation store. Step numbers are 1-based. A label with none of cut, collections and step_ratings withdraws an earlier label of that id.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "Label".
 */
export interface Label {
  /**
   * The annotation's id.
   */
  id: string;
  rollout_id: string;
  /**
   * Training step that generated the rollout.
   */
  step: number;
  cut?: Cut;
  collections?: CollectionLabels;
  step_ratings?: StepRatings;
}
/**
 * Per search step (1-based step number as a string key): was the retrieved collection useful? Overrides the judge's u_i.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "CollectionLabels".
 */
export interface CollectionLabels {
  [k: string]: CollectionLabel;
}
/**
 * Per step (1-based step number as a string key): -1 bad, 0 neutral, +1 good (PRM800K style).
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "StepRatings".
 */
export interface StepRatings {
  [k: string]: StepRating;
}
/**
 * Regenerate one recent rollout from step k with the current policy, for inspection only (never trained on): steps 1..k-1 are kept with their tool outputs, steps k.. are generated again. Refused at once with an error (id set) for an unknown or evicted rollout, a step outside 1..number of steps, or while another regeneration waits; otherwise acked, then served between training steps and answered by regenerated or regenerate_failed with this command's id.
 *
 * This interface was referenced by `ProtocolRoot`'s JSON-Schema
 * via the `definition` "RegenerateCommand".
 */
export interface RegenerateCommand {
  type: 'regenerate';
  id: string;
  /**
   * The rollout's id (Rollout.id).
   */
  rollout_id: string;
  /**
   * k: the first step generated again (1 = the whole trajectory).
   */
  step: number;
}

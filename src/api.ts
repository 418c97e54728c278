// What `activate()` returns. Integration tests (and other extensions) read the live run
// through it; nothing here lets a caller change state except through the contributed commands.
import type { Rollout } from './protocol/generated';
import type { RunStatus } from './protocol/webviewMessages';

export interface Subscription {
  dispose(): void;
}

export interface SearchR2Api {
  /** The state of the current (or last) run in this window. */
  readonly status: RunStatus;
  /** Rollouts received from the current (or last) run, in arrival order. */
  readonly rollouts: readonly Rollout[];
  /** The process id of the running trainer, if one runs. */
  readonly trainerPid: number | undefined;
  onDidChangeStatus(listener: (status: RunStatus) => void): Subscription;
  onDidReceiveRollouts(listener: (rollouts: readonly Rollout[]) => void): Subscription;
}

// Which run commands make sense right now, as the context keys that package.json's `enablement`
// and menu `when` clauses read. Pure, so every state's answer is unit-tested.
import type { CommandName } from '../protocol/generated';
import type { RunState } from '../protocol/webviewMessages';
import type { PendingRequests } from './runControl';

export interface RunContextFacts {
  state: RunState;
  /** From the trainer's `hello`; undefined before it (nothing can be sent yet anyway). */
  capabilities: readonly CommandName[] | undefined;
  pending: PendingRequests;
}

export type RunContextKeys = Record<
  | 'searchr2.running'
  | 'searchr2.canPause'
  | 'searchr2.canResume'
  | 'searchr2.canSaveCheckpoint'
  | 'searchr2.canRegenerate',
  boolean
>;

const ACTIVE_STATES: ReadonlySet<RunState> = new Set(['starting', 'running', 'paused', 'stopping']);

export function isActiveState(state: RunState): boolean {
  return ACTIVE_STATES.has(state);
}

export function runContextKeys(facts: RunContextFacts): RunContextKeys {
  const can = (command: CommandName): boolean => facts.capabilities?.includes(command) ?? false;
  const { state, pending } = facts;
  return {
    'searchr2.running': isActiveState(state),
    'searchr2.canPause': state === 'running' && !pending.pause && can('pause'),
    // A pause still waiting for the step to end can be withdrawn with Resume.
    'searchr2.canResume': (state === 'paused' || (state === 'running' && pending.pause)) && can('resume'),
    'searchr2.canSaveCheckpoint': (state === 'running' || state === 'paused') && !pending.save && can('save_checkpoint'),
    // Served between steps, and at once while paused.
    'searchr2.canRegenerate': (state === 'running' || state === 'paused') && can('regenerate'),
  };
}

// The shown run's regenerations as the host last described them (see RegenerationsState), and who
// wants to know when that changes. Until the host says, nothing can be asked for.
import type { RegenerationsState, RegenerationView } from '../../../src/protocol/webviewMessages';

const none: RegenerationsState = {
  runId: undefined,
  available: false,
  reason: 'Regenerating needs a running training.',
  entries: [],
};

export class RegenerationsModel {
  private current: RegenerationsState = none;
  private readonly listeners = new Set<() => void>();

  get state(): RegenerationsState {
    return this.current;
  }

  setState(state: RegenerationsState | undefined): void {
    this.current = state !== undefined && Array.isArray(state.entries) ? state : none;
    for (const listener of this.listeners) listener();
  }

  /** The rollout's regenerations, newest first. */
  forRollout(rolloutId: string | undefined): RegenerationView[] {
    return this.current.entries.filter((e) => e.rolloutId === rolloutId).reverse();
  }

  subscribe(listener: () => void): void {
    this.listeners.add(listener);
  }
}

// What the inspector panel needs of "regenerate from step k": the shown run's regenerations, and a way
// to ask for one and to look at one (and at a Meta-Refiner cut, in the same diff editor). activateRegeneration provides it; the panel works without one.
import type { Event } from '../core/emitter';
import type { RegenerationsState } from '../protocol/webviewMessages';

export interface InspectorRegenerations {
  stateFor(runId: string | undefined): RegenerationsState;
  readonly onDidChange: Event<void>;
  request(runId: string, rolloutId: string, step: number): void;
  open(key: string): void;
  /** A revised rollout's Meta-Refiner cut in the diff editor: as first written against final. */
  openCut(rolloutId: string): void;
}

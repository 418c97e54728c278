// The lowercase search text of every rollout (searchText.ts), built lazily the first time a search
// needs it and cached; `warmUp` builds the rest in idle time once the user reaches for the search
// box, so the first keystroke does not pay for 100k rollouts at once.
import { searchTextOf } from './searchText';
import type { InspectorStore } from './store';

export class SearchIndex {
  private texts: (string | undefined)[] = [];
  private warming = false;

  constructor(private readonly store: InspectorStore) {
    store.subscribe((change) => {
      if (change.kind === 'reset') this.texts = [];
    });
  }

  textAt(index: number): string {
    let text = this.texts[index];
    if (text === undefined) {
      const rollout = this.store.rollouts[index];
      text = rollout === undefined ? '' : searchTextOf(rollout);
      this.texts[index] = text;
    }
    return text;
  }

  /** Builds missing texts in idle slices (at most 16 ms each) until every rollout has one. */
  warmUp(): void {
    if (this.warming) return;
    this.warming = true;
    let next = 0;
    const slice = (deadline: IdleDeadline) => {
      // At most a frame (16 ms) per slice even when the browser offers 50: a keystroke waits at most that.
      const stopAt = performance.now() + 16;
      while (
        next < this.store.rollouts.length &&
        deadline.timeRemaining() > 1 &&
        performance.now() < stopAt
      ) {
        this.textAt(next++);
      }
      if (next < this.store.rollouts.length) requestIdleCallback(slice);
      else this.warming = false;
    };
    requestIdleCallback(slice);
  }
}

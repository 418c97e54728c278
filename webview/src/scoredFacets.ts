// The list's facets plus the step scorer's column: "Predicted flaw" shows once the scorer has scored
// some rollout of the shown run, and goes again when the run has no scorer (another run opened).
// Scores arrive apart from rollouts, so this listens to the scores model as well as the store.
import { allColumns, type ListColumn } from './listColumns';
import { RolloutFacets } from './rolloutFacets';
import type { StepScoresModel } from './stepScores';
import type { InspectorStore } from './store';

export class ScoredFacets extends RolloutFacets {
  private readonly ownListeners = new Set<() => void>();
  private showsScores = false;

  constructor(
    store: InspectorStore,
    private readonly scores: StepScoresModel,
  ) {
    super(store);
    scores.subscribe(() => {
      if (scores.hasScores === this.showsScores) return;
      this.showsScores = scores.hasScores;
      for (const listener of this.ownListeners) listener();
    });
  }

  override get columns(): ListColumn[] {
    const base = new Set(super.columns.map((column) => column.key));
    return allColumns.filter((column) =>
      column.key === 'predictedFlaw' ? this.scores.hasScores : base.has(column.key),
    );
  }

  override subscribe(listener: () => void): void {
    super.subscribe(listener);
    this.ownListeners.add(listener);
  }
}

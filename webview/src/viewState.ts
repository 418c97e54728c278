// What the inspector remembers across hide/show and reload (VS Code keeps it via getState/setState,
// and a WebviewPanelSerializer hands it back after a window reload). Versioned so a later shape can
// ignore an old one instead of misreading it; fields added since version 1 (query, chartsOpen) have
// defaults, so a state saved by an older build still parses.
import { emptyQuery, parseQuery, type RolloutQuery } from './rolloutQuery';

export interface ViewState {
  version: 1;
  selectedId: string | undefined;
  followTail: boolean;
  scrollTop: number;
  /** Sort, filters and search text of the list. */
  query: RolloutQuery;
  chartsOpen: boolean;
}

export const defaultViewState: ViewState = {
  version: 1,
  selectedId: undefined,
  followTail: true,
  scrollTop: 0,
  query: emptyQuery,
  chartsOpen: false,
};

/** getState returns whatever an older build (or a corrupted store) saved: accept only what we wrote. */
export function parseViewState(saved: unknown): ViewState {
  if (typeof saved !== 'object' || saved === null) return defaultViewState;
  const candidate = saved as Partial<Record<keyof ViewState, unknown>>;
  if (candidate.version !== 1) return defaultViewState;
  return {
    version: 1,
    selectedId: typeof candidate.selectedId === 'string' ? candidate.selectedId : undefined,
    followTail: typeof candidate.followTail === 'boolean' ? candidate.followTail : true,
    scrollTop:
      typeof candidate.scrollTop === 'number' && Number.isFinite(candidate.scrollTop)
        ? Math.max(0, candidate.scrollTop)
        : 0,
    query: parseQuery(candidate.query),
    chartsOpen: candidate.chartsOpen === true,
  };
}

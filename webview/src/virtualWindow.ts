// Pure geometry of the virtualised list: which rows a viewport shows, and where to scroll so a row is
// visible. Rows have one fixed height, so everything is arithmetic and 100k rows cost nothing.

export interface Viewport {
  scrollTop: number;
  /** Height available to rows (the scroller's height minus its sticky header). */
  height: number;
}

export interface RowRange {
  first: number;
  /** Exclusive. */
  end: number;
}

export function visibleRange(viewport: Viewport, rowHeight: number, count: number, overscan = 8): RowRange {
  const first = Math.max(0, Math.floor(viewport.scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((viewport.scrollTop + viewport.height) / rowHeight) + overscan);
  return { first, end: Math.max(first, end) };
}

/** The scrollTop that brings row `index` fully into view with the least movement (or the current one). */
export function scrollTopToReveal(viewport: Viewport, rowHeight: number, index: number): number {
  const top = index * rowHeight;
  if (top < viewport.scrollTop) return top;
  if (top + rowHeight > viewport.scrollTop + viewport.height) return top + rowHeight - viewport.height;
  return viewport.scrollTop;
}

export function rowsPerPage(viewport: Viewport, rowHeight: number): number {
  return Math.max(1, Math.floor(viewport.height / rowHeight) - 1);
}

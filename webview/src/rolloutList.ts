// The virtualised rollout list: a sortable column header above a scroller holding a spacer as tall
// as all visible rows; only the rows in (and just around) the viewport exist in the DOM, keyed by
// rollout id. It shows the filtered, sorted order of `VisibleRollouts`, follows new rollouts at the
// bottom until the user scrolls away, and is fully keyboard-operable.
import { h } from './dom';
import type { ListColumn } from './listColumns';
import { ListHeader } from './listHeader';
import { navigate } from './listNavigation';
import type { QueryModel } from './queryModel';
import type { RolloutFacets } from './rolloutFacets';
import { gridTemplate, ROW_HEIGHT } from './rolloutRow';
import { RowWindow } from './rowWindow';
import type { InspectorStore } from './store';
import type { VisibleChange, VisibleRollouts } from './visibleRollouts';
import { rowsPerPage, scrollTopToReveal, visibleRange, type Viewport } from './virtualWindow';

export interface RolloutListOptions {
  store: InspectorStore;
  visible: VisibleRollouts;
  facets: RolloutFacets;
  queryModel: QueryModel;
  initialScrollTop: number;
  followTail: boolean;
  /** Called when the user asks to open the selected rollout (Enter, double-click). */
  onOpen: () => void;
  /** Called when follow-tail or the scroll position changed, so the owner can persist them. */
  onViewChange: (view: { followTail: boolean; scrollTop: number }) => void;
}

export class RolloutList {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly header: ListHeader;
  private columns: readonly ListColumn[] = [];
  private readonly spacer: HTMLElement;
  private readonly rows: RowWindow;
  private following: boolean;
  private pendingScrollTop: number | undefined;
  private lastScrollTop = 0;
  private frame = 0;
  private readonly followListeners = new Set<(following: boolean) => void>();

  constructor(private readonly options: RolloutListOptions) {
    this.following = options.followTail;
    this.pendingScrollTop = options.followTail ? undefined : options.initialScrollTop;
    this.spacer = h('div', { className: 'rollout-spacer' });
    this.scroller = h(
      'div',
      {
        className: 'rollout-scroller',
        testId: 'rollout-list',
        attrs: { role: 'listbox', tabindex: '0', 'aria-label': 'Rollouts' },
      },
      this.spacer,
    );
    this.header = new ListHeader(options.queryModel);
    this.element = h('div', { className: 'rollout-list-frame' }, this.header.element, this.scroller);
    this.rows = new RowWindow(this.spacer);
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.scroller.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.scroller.addEventListener('click', (event) => this.onClick(event));
    this.scroller.addEventListener('dblclick', () => this.options.onOpen());
    new ResizeObserver(() => this.scheduleRender()).observe(this.scroller);
    options.visible.subscribe((change) => this.onVisibleChange(change));
    options.store.subscribe((change) => {
      if (change.kind === 'selection') this.renderSelection();
    });
    options.facets.subscribe(() => this.applyColumns());
    this.applyColumns();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  onFollowChange(listener: (following: boolean) => void): void {
    this.followListeners.add(listener);
  }

  setFollowing(following: boolean): void {
    if (following === this.following) return;
    this.changeFollowing(following);
    if (following) this.scrollToBottom();
    this.reportView();
  }

  focus(): void {
    this.scroller.focus();
  }

  private get viewport(): Viewport {
    return { scrollTop: this.scroller.scrollTop, height: this.scroller.clientHeight };
  }

  /** Shows the columns the data has; header and rows share the grid through a CSS variable. */
  private applyColumns(): void {
    const columns = this.options.facets.columns;
    if (columns.map((c) => c.key).join() === this.columns.map((c) => c.key).join()) return;
    this.columns = columns;
    this.element.style.setProperty('--rollout-columns', gridTemplate(columns));
    this.header.setColumns(columns);
    this.rows.clear();
    this.scheduleRender();
  }

  private onVisibleChange(change: VisibleChange): void {
    if (change.kind === 'rebuilt') this.rows.clear();
    this.spacer.style.height = `${this.options.visible.length * ROW_HEIGHT}px`;
    // Scrolling waits for the frame: the list may still be hidden behind the empty state right now.
    this.scheduleRender();
  }

  /** Follow the tail, or restore the saved position once, now that the list has a size. */
  private applyPendingScroll(): void {
    if (this.following) {
      if (!this.isAtBottom()) this.scrollToBottom();
    } else if (this.pendingScrollTop !== undefined) {
      this.scroller.scrollTop = this.pendingScrollTop;
    }
    this.pendingScrollTop = undefined;
  }

  private scrollToBottom(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private isAtBottom(): boolean {
    const { scrollTop, clientHeight, scrollHeight } = this.scroller;
    return scrollTop + clientHeight >= scrollHeight - ROW_HEIGHT / 2;
  }

  private onScroll(): void {
    // Decide by direction, not only by position: the scroll event of our own jump to the bottom can
    // arrive after more rows were appended, when the view is (momentarily) no longer at the bottom.
    const top = this.scroller.scrollTop;
    const movedUp = top < this.lastScrollTop - 1;
    this.lastScrollTop = top;
    const atBottom = this.isAtBottom();
    if (this.following && movedUp && !atBottom) this.changeFollowing(false);
    else if (!this.following && atBottom && this.options.visible.length > 0) this.changeFollowing(true); // as terminals do
    this.reportView();
    this.scheduleRender();
  }

  private changeFollowing(following: boolean): void {
    this.following = following;
    for (const listener of this.followListeners) listener(following);
  }

  private reportView(): void {
    this.options.onViewChange({ followTail: this.following, scrollTop: this.scroller.scrollTop });
  }

  private scheduleRender(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const visible = this.options.visible;
    if (visible.length > 0 && this.scroller.clientHeight > 0) this.applyPendingScroll();
    const range = visibleRange(this.viewport, ROW_HEIGHT, visible.length);
    this.rows.show(
      range,
      (position) => visible.rolloutAt(position),
      this.columns,
      this.options.store.selectedId,
    );
    this.updateActiveDescendant();
  }

  /** Marks the selection, and scrolls to it when it was chosen elsewhere (the group view). */
  private renderSelection(): void {
    this.rows.select(this.options.store.selectedId);
    this.updateActiveDescendant();
    const position = this.options.visible.positionOf(this.options.store.selectedId);
    if (position >= 0 && this.scroller.clientHeight > 0) this.reveal(position);
  }

  private updateActiveDescendant(): void {
    const row = this.rows.get(this.options.store.selectedId);
    if (row) this.scroller.setAttribute('aria-activedescendant', row.id);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  private onKeyDown(event: KeyboardEvent): void {
    const { store, visible } = this.options;
    const current = visible.positionOf(store.selectedId);
    const action = navigate(event.key, current, visible.length, rowsPerPage(this.viewport, ROW_HEIGHT));
    if (action.kind === 'none') return;
    event.preventDefault();
    if (action.kind === 'open') {
      this.options.onOpen();
      return;
    }
    store.select(visible.rolloutAt(action.index)?.id);
    this.reveal(action.index);
  }

  private reveal(index: number): void {
    const target = scrollTopToReveal(this.viewport, ROW_HEIGHT, index);
    if (target !== this.scroller.scrollTop) this.scroller.scrollTop = target;
    this.scheduleRender();
  }

  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target.closest<HTMLElement>('.rollout-row') : null;
    const id = target?.dataset.rolloutId;
    if (id === undefined) return;
    this.options.store.select(id);
    this.scroller.focus();
  }
}

// The virtualised rollout list: a scroller with a sticky header and a spacer as tall as all rows;
// only the rows in (and just around) the viewport exist in the DOM, keyed by rollout id. It follows
// new rollouts at the bottom until the user scrolls away, and is fully keyboard-operable.
import { h } from './dom';
import { navigate } from './listNavigation';
import { createListHeader, ROW_HEIGHT } from './rolloutRow';
import { RowWindow } from './rowWindow';
import type { InspectorStore, StoreChange } from './store';
import { rowsPerPage, scrollTopToReveal, visibleRange, type Viewport } from './virtualWindow';

export interface RolloutListOptions {
  store: InspectorStore;
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
      createListHeader(),
      this.spacer,
    );
    this.element = this.scroller;
    this.rows = new RowWindow(this.spacer);
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.scroller.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.scroller.addEventListener('click', (event) => this.onClick(event));
    this.scroller.addEventListener('dblclick', () => this.options.onOpen());
    new ResizeObserver(() => this.scheduleRender()).observe(this.scroller);
    options.store.subscribe((change) => this.onStoreChange(change));
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
    // The sticky header sits inside the scroller and covers one row height of it.
    return {
      scrollTop: this.scroller.scrollTop,
      height: Math.max(0, this.scroller.clientHeight - ROW_HEIGHT),
    };
  }

  private onStoreChange(change: StoreChange): void {
    if (change.kind === 'reset') this.rows.clear();
    if (change.kind === 'reset' || change.kind === 'appended') {
      this.spacer.style.height = `${this.options.store.rollouts.length * ROW_HEIGHT}px`;
      // Scrolling waits for the frame: the list may still be hidden behind the empty state right now.
      this.scheduleRender();
    }
    if (change.kind === 'selection') this.renderSelection();
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
    else if (!this.following && atBottom && this.options.store.rollouts.length > 0)
      this.changeFollowing(true); // as terminals do
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
    const store = this.options.store;
    if (store.rollouts.length > 0 && this.scroller.clientHeight > 0) this.applyPendingScroll();
    const range = visibleRange(this.viewport, ROW_HEIGHT, store.rollouts.length);
    this.rows.show(range, store.rollouts, (id) => store.indexOf(id), store.selectedId);
    this.updateActiveDescendant();
  }

  private renderSelection(): void {
    this.rows.select(this.options.store.selectedId);
    this.updateActiveDescendant();
  }

  private updateActiveDescendant(): void {
    const row = this.rows.get(this.options.store.selectedId);
    if (row) this.scroller.setAttribute('aria-activedescendant', row.id);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  private onKeyDown(event: KeyboardEvent): void {
    const store = this.options.store;
    const current = store.indexOf(store.selectedId);
    const action = navigate(
      event.key,
      current,
      store.rollouts.length,
      rowsPerPage(this.viewport, ROW_HEIGHT),
    );
    if (action.kind === 'none') return;
    event.preventDefault();
    if (action.kind === 'open') {
      this.options.onOpen();
      return;
    }
    store.select(store.rollouts[action.index]?.id);
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

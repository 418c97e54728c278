// Labelling in the inspector: turns keys and clicks on the selected rollout into edits for the host
// (which saves them, then sends them to the trainer), moves through the list or the review queue, and
// keeps the pane, the cheat sheet and the list's label markers current.
import type {
  AnnotationChange,
  AnnotationEdit,
  RefinerAtLabelTime,
} from '../../../src/protocol/webviewMessages';
import { h } from '../dom';
import type { HostClient } from '../hostClient';
import type { InspectorStore } from '../store';
import type { VisibleRollouts } from '../visibleRollouts';
import { keyCommand, type KeyCommand } from './annotationKeys';
import { AnnotationModel } from './annotationModel';
import { renderPane, type PaneActions } from './annotationPane';
import { cheatSheet } from './cheatSheet';
import { DwellClock } from './dwellClock';
import { queuePicker } from './queuePicker';
import { regenerationRow } from './regenerationRow';
import { RegenerationsModel } from './regenerationsModel';
import { refinerAtLabelTime } from './refinerAtLabelTime';
import { reviewQueue, reviewQueueSize, type QueueOrder } from './reviewQueue';
import { stepScores } from '../stepScores';

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

function refinerWords(refiner: RefinerAtLabelTime | null): string | undefined {
  if (refiner === null) return undefined;
  const what = refiner.decision === 'revise' ? `revise from step ${refiner.cut_step}` : 'keep as is';
  return `Meta-Refiner: ${what} (margin ${refiner.margin.toFixed(2)})`;
}

export class Annotator {
  readonly element: HTMLElement;
  readonly model = new AnnotationModel();
  readonly regenerations = new RegenerationsModel();
  private readonly clock = new DwellClock();
  private readonly sheet: HTMLElement;
  private readonly toolbar: HTMLElement;
  private focusedStep = 1;
  private editing: 'note' | 'tags' | undefined;
  private notice: string | undefined;
  private queueOrder: QueueOrder | undefined;
  private readonly scorerStatus = h('span', {
    className: 'step-scorer-status muted',
    testId: 'step-scorer-status',
  });

  constructor(
    private readonly store: InspectorStore,
    private readonly visible: VisibleRollouts,
    private readonly host: HostClient,
  ) {
    this.element = h('section', {
      className: 'label-pane',
      testId: 'label-pane',
      attrs: { 'aria-label': 'Label this rollout' },
    });
    this.sheet = cheatSheet(() => this.toggleHelp(false));
    const help = h(
      'button',
      {
        className: 'label-button',
        testId: 'label-help',
        attrs: { type: 'button', title: 'Labelling keys (?)' },
      },
      '?',
    );
    help.addEventListener('click', () => this.toggleHelp());
    this.toolbar = h(
      'span',
      { className: 'label-toolbar' },
      queuePicker((order) => {
        this.queueOrder = order;
        this.render();
      }),
      help,
      this.scorerStatus,
    );
    // Which step scorer scores this run (or why none does): the list's column, the timeline's
    // P(flawed) and the disagreement order all come from it.
    const showScorer = () => {
      this.scorerStatus.textContent = stepScores.state.message;
    };
    stepScores.subscribe(showScorer);
    showScorer();
    this.clock.select(store.selectedId);
    store.subscribe((change) => {
      if (change.kind !== 'selection' && change.kind !== 'reset') return;
      if (change.kind === 'selection') this.clock.select(store.selectedId);
      else this.rankingCache = undefined; // another run: same length, other rollouts
      this.focusedStep = 1;
      this.editing = undefined;
      this.notice = undefined;
      this.render();
    });
    this.model.subscribe(() => {
      this.render();
      this.markRows();
      visible.setLabelled((id) => this.model.forRollout(id) !== undefined);
    });
    this.regenerations.subscribe(() => this.render());
    document.addEventListener('keydown', (event) => this.onKey(event));
    this.render();
  }

  /** The overlay, to be placed over the whole inspector. */
  get cheatSheet(): HTMLElement {
    return this.sheet;
  }

  /** Marks the list rows of labelled rollouts; rows are recycled, so this runs after each render. */
  observeList(list: HTMLElement): void {
    new MutationObserver(() => this.markRows(list)).observe(list, { childList: true, subtree: true });
    this.markRows(list);
  }

  private listElement: HTMLElement | undefined;

  private markRows(list = this.listElement): void {
    if (list === undefined) return;
    this.listElement = list;
    for (const row of list.querySelectorAll<HTMLElement>('[data-testid="rollout-row"]')) {
      const annotation = this.model.forRollout(row.dataset.rolloutId);
      const wanted = annotation === undefined ? undefined : 'labelled';
      if (row.dataset.label !== wanted) {
        if (wanted === undefined) delete row.dataset.label;
        else row.dataset.label = wanted;
      }
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && !this.sheet.hidden) {
      this.toggleHelp(false);
      return;
    }
    const command = keyCommand(event, isTextField(event.target));
    if (command === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    this.run(command);
  }

  private readonly actions: PaneActions = {
    run: (command) => this.run(command),
    focusStep: (step) => {
      this.focusedStep = step;
      this.render();
    },
    commitText: (kind, text) => {
      this.editing = undefined;
      if (kind === 'note') this.edit({ kind: 'note', note: text });
      else this.edit({ kind: 'tags', tags: text.split(',') });
      this.render();
    },
    cancelText: () => {
      this.editing = undefined;
      this.render();
    },
  };

  run(command: KeyCommand): void {
    const rollout = this.store.get(this.store.selectedId);
    this.notice = undefined;
    switch (command.kind) {
      case 'help':
        return this.toggleHelp();
      case 'next':
      case 'previous':
        return this.move(command.kind === 'next' ? 1 : -1);
      case 'undo':
        return this.host.send({ type: 'undoAnnotation' });
      case 'redo':
        return this.host.send({ type: 'redoAnnotation' });
    }
    if (rollout === undefined) return this.say('Select a rollout to label it.');
    const steps = rollout.turns.length;
    const annotation = this.model.forRollout(rollout.id);
    switch (command.kind) {
      case 'accept':
        if (refinerAtLabelTime(rollout) === null)
          return this.say('The Meta-Refiner did not decide on this rollout: nothing to accept.');
        return this.edit({ kind: 'cut', cut: annotation?.cut === 'accept' ? null : 'accept' });
      case 'cut':
        if (command.step > steps)
          return this.say(
            `This rollout has ${steps} step${steps === 1 ? '' : 's'}: no step ${command.step}.`,
          );
        return this.edit({ kind: 'cut', cut: annotation?.cut === command.step ? null : command.step });
      case 'nextStep':
      case 'previousStep':
        this.focusedStep = Math.min(
          Math.max(1, this.focusedStep + (command.kind === 'nextStep' ? 1 : -1)),
          Math.max(1, steps),
        );
        return this.render();
      case 'rating': {
        if (steps === 0) return this.say('This rollout has no steps to rate.');
        const current = annotation?.step_ratings[String(this.focusedStep)];
        return this.edit({
          kind: 'rating',
          step: this.focusedStep,
          rating: current === command.rating ? null : command.rating,
        });
      }
      case 'collection': {
        if (rollout.turns[this.focusedStep - 1]?.action !== 'search')
          return this.say(
            `Step ${this.focusedStep} is not a search: u / n / m label a search step's documents.`,
          );
        const current = annotation?.collections[String(this.focusedStep)];
        return this.edit({
          kind: 'collection',
          step: this.focusedStep,
          label: current === command.label ? null : command.label,
        });
      }
      case 'note':
      case 'tags':
        if (this.model.state.readOnly) return this.say(this.model.state.message ?? 'Labels are read-only.');
        this.editing = command.kind;
        return this.render();
      case 'regenerate':
        return this.regenerate();
    }
  }

  /** r: the focused step and everything after it, written again by the live trainer's policy. */
  private regenerate(): void {
    const rollout = this.store.get(this.store.selectedId);
    const state = this.regenerations.state;
    if (rollout === undefined) return;
    if (!state.available || state.runId === undefined)
      return this.say(state.reason ?? 'Regenerating needs a running training.');
    if (rollout.turns.length === 0) return this.say('This rollout has no steps to regenerate.');
    const step = Math.min(this.focusedStep, rollout.turns.length);
    this.host.send({ type: 'regenerate', runId: state.runId, rolloutId: rollout.id, step });
  }

  private edit(change: AnnotationChange): void {
    const rollout = this.store.get(this.store.selectedId);
    const state = this.model.state;
    if (rollout === undefined) return;
    if (state.readOnly) return this.say(state.message ?? 'Labels are read-only.');
    if (state.runId === undefined)
      return this.say('This run has no id yet: labels can be made once it has started.');
    const edit: AnnotationEdit = {
      runId: state.runId,
      rolloutId: rollout.id,
      step: Number.isInteger(rollout.step) && rollout.step >= 0 ? rollout.step : 0,
      secondsSpent: this.clock.secondsOn(rollout.id),
      refiner: refinerAtLabelTime(rollout),
      change,
    };
    this.host.send({ type: 'annotate', edit });
  }

  /** j / k: the next rollout in the list, or in the review queue when one is chosen. */
  private move(delta: 1 | -1): void {
    const id = this.store.selectedId;
    if (this.queueOrder !== undefined) {
      const ranked = this.ranking(this.queueOrder);
      const labelled = this.model.labelled;
      // From the shown rollout's place in the ranking, the nearest one nobody has labelled yet.
      let at = id === undefined ? -1 : ranked.indexOf(id);
      if (at < 0 && delta === -1) at = ranked.length;
      for (at += delta; at >= 0 && at < ranked.length; at += delta) {
        const next = ranked[at] as string;
        if (!labelled.has(next)) return this.store.select(next);
      }
      return this.say(delta === 1 ? 'End of the review queue.' : 'Start of the review queue.');
    }
    const position = this.visible.positionOf(id);
    const next = this.visible.rolloutAt(position < 0 ? 0 : position + delta);
    if (next !== undefined) this.store.select(next.id);
  }

  private rankingCache: { order: QueueOrder; rollouts: number; scores: number; ids: string[] } | undefined;

  /**
   * Every rollout the order ranks, labelled or not, ranked again only when the order or the rollouts
   * changed (100k rollouts take 80–220 ms to rank; a label must not cost that).
   */
  private ranking(order: QueueOrder): string[] {
    const rollouts = this.store.rollouts;
    const cache = this.rankingCache;
    // Only the disagreement order reads the scores, which arrive a chunk at a time.
    const scores = order === 'disagreement' ? stepScores.version : 0;
    if (cache?.order === order && cache.rollouts === rollouts.length && cache.scores === scores)
      return cache.ids;
    const ids = reviewQueue(rollouts, new Set(), order);
    this.rankingCache = { order, rollouts: rollouts.length, scores, ids };
    return ids;
  }

  private toggleHelp(show = this.sheet.hidden): void {
    this.sheet.hidden = !show;
  }

  private say(notice: string): void {
    this.notice = notice;
    this.render();
  }

  private render(): void {
    const rollout = this.store.get(this.store.selectedId);
    const state = this.model.state;
    const queueNote =
      this.queueOrder === undefined
        ? undefined
        : `${reviewQueueSize(this.store.rollouts, this.model.labelled, this.queueOrder)} left in the review queue`;
    renderPane(
      this.element,
      {
        rollout,
        annotation: this.model.forRollout(rollout?.id),
        focusedStep: this.focusedStep,
        refinerText: rollout === undefined ? undefined : refinerWords(refinerAtLabelTime(rollout)),
        message: this.notice ?? state.message,
        readOnly: state.readOnly,
        editing: this.editing,
      },
      this.actions,
      this.toolbar,
    );
    if (rollout !== undefined) {
      const regenerations = this.regenerations.state;
      this.element.append(
        regenerationRow(
          {
            focusedStep: Math.min(this.focusedStep, Math.max(1, rollout.turns.length)),
            steps: rollout.turns.length,
            available: regenerations.available,
            reason: regenerations.reason,
            entries: this.regenerations.forRollout(rollout.id),
          },
          {
            regenerate: () => this.run({ kind: 'regenerate' }),
            open: (key) => this.host.send({ type: 'openRegeneration', key }),
          },
        ),
      );
    }
    this.toolbar.dataset.queueLeft = queueNote ?? '';
    if (queueNote !== undefined)
      this.element
        .querySelector('.label-header')
        ?.append(h('span', { className: 'muted', testId: 'queue-left' }, queueNote));
  }
}

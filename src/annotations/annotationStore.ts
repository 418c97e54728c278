// The workspace's human labels: <workspace>/.searchr2/annotations.json, through lowdb with durable
// atomic writes. A label is on disk before any caller hears it was saved (and before it is sent to a
// trainer); the ones a trainer has not acknowledged are listed so they can be sent again. Each change
// is durable through a journal append (journal.ts) and folded into the file in the background.
//
// A file this build cannot understand (not JSON, breaks the schema, written by a newer build) is never
// overwritten: the store opens read-only with `loadError` saying why and what to do, and `backup()`
// copies the file aside. Older files are migrated, after a copy of the original is kept beside them.
import { Low } from 'lowdb';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Emitter } from '../core/emitter';
import { annotationErrors, SCHEMA_VERSION } from './annotationSchema';
import { DurableJsonFile } from './durableJsonFile';
import { EditHistory } from './editHistory';
import type { Annotation, AnnotationFile, RefinerDecision } from './generated';
import { type JournalEntry, JournalWriter, journalPath, listJournals, removeJournals } from './journal';
import { loadAnnotations, stamp } from './loadAnnotations';
import { type AnnotationLoadError, lockedElsewhere } from './loadError';
import { acquireWriterLock, releaseWriterLock } from './writerLock';

export type LabelFields = Pick<Annotation, 'cut' | 'collections' | 'step_ratings' | 'note' | 'tags'>;

export interface NewAnnotation extends Partial<LabelFields> {
  run_id: string;
  rollout_id: string;
  step: number;
  author: string;
  seconds_spent?: number;
  refiner_at_label_time?: RefinerDecision | null;
}

export type LabelPatch = Partial<LabelFields & { seconds_spent: number }>;

export interface StoreOptions {
  now?: () => Date;
  newId?: () => string;
  /**
   * Fold the journal into the file this long after the last change (default 30 s)… A compaction
   * rewrites the whole file (≈ 130 ms with 10k labels on a busy disk) and a label written meanwhile
   * waits on the same disk, so it runs when the person has paused, not between two labels.
   */
  compactAfterMs?: number;
  /** …or as soon as this many changes wait in it (default 2000; replaying them on open is cheap). */
  compactEvery?: number;
}

export class AnnotationStoreReadOnlyError extends Error {
  constructor(readonly loadError: AnnotationLoadError) {
    super(`Annotations are read-only: ${loadError.message}`);
    this.name = 'AnnotationStoreReadOnlyError';
  }
}

export const annotationsPath = (workspaceFolder: string): string =>
  join(workspaceFolder, '.searchr2', 'annotations.json');

const deliveryReset = { sent_at: null, acked_at: null, applied_step: null } as const;

export class AnnotationStore {
  private readonly history = new EditHistory();
  private readonly changed = new Emitter<void>();
  /** Fires after every change in memory (the write may still be under way). */
  readonly onDidChange = this.changed.event;
  private journal: JournalWriter;
  private waiting = 0; // changes in the journal, not yet in the file
  private timer: NodeJS.Timeout | undefined;
  private compacting: Promise<void> = Promise.resolve();
  /** The last background compaction's failure; the changes stay safe in the journal meanwhile. */
  compactionError: unknown;

  private constructor(
    readonly file: string,
    private readonly db: Low<AnnotationFile>,
    private readonly options: Required<StoreOptions>,
    /** Set when the file could not be trusted: the store is read-only and empty. */
    readonly loadError: AnnotationLoadError | undefined,
    /** The schema_version the file was migrated from on open, if it was. */
    readonly migratedFrom: number | undefined,
    private generation: number,
  ) {
    this.journal = new JournalWriter(journalPath(file, generation));
  }

  static open(workspaceFolder: string, options: StoreOptions = {}): Promise<AnnotationStore> {
    return AnnotationStore.openFile(annotationsPath(workspaceFolder), options);
  }

  static async openFile(file: string, options: StoreOptions = {}): Promise<AnnotationStore> {
    const resolved = {
      now: options.now ?? (() => new Date()),
      newId: options.newId ?? randomUUID,
      compactAfterMs: options.compactAfterMs ?? 30_000,
      compactEvery: options.compactEvery ?? 2000,
    };
    const adapter = new DurableJsonFile(file);
    await mkdir(dirname(file), { recursive: true });
    const lock = acquireWriterLock(file);
    const loaded = lock.ok
      ? await loadAnnotations(adapter, resolved)
      : { error: lockedElsewhere(file, lock.pid) };
    if ('error' in loaded) {
      if (lock.ok) releaseWriterLock(file);
      const empty = new Low<AnnotationFile>(adapter, { schema_version: SCHEMA_VERSION, annotations: [] });
      return new AnnotationStore(file, empty, resolved, loaded.error, undefined, 0);
    }
    const db = new Low<AnnotationFile>(adapter, loaded.data);
    db.data.annotations = db.data.annotations.map((a) => Object.freeze(a));
    return new AnnotationStore(file, db, resolved, undefined, loaded.migratedFrom, loaded.nextGeneration);
  }

  get readOnly(): boolean {
    return this.loadError !== undefined;
  }

  all(): readonly Annotation[] {
    return this.db.data.annotations;
  }

  get(id: string): Annotation | undefined {
    return this.db.data.annotations.find((a) => a.id === id);
  }

  forRollout(runId: string, rolloutId: string): Annotation[] {
    return this.db.data.annotations.filter((a) => a.run_id === runId && a.rollout_id === rolloutId);
  }

  forRun(runId: string): Annotation[] {
    return this.db.data.annotations.filter((a) => a.run_id === runId);
  }

  /** Labels no trainer has acknowledged in their current version: to send (again). */
  unacknowledged(): Annotation[] {
    return this.db.data.annotations.filter((a) => a.acked_at === null);
  }

  async add(input: NewAnnotation): Promise<Annotation> {
    const at = this.now();
    const annotation = this.checked({
      id: this.options.newId(),
      run_id: input.run_id,
      rollout_id: input.rollout_id,
      step: input.step,
      author: input.author,
      created_at: at,
      updated_at: at,
      seconds_spent: input.seconds_spent ?? 0,
      refiner_at_label_time: input.refiner_at_label_time ?? null,
      cut: input.cut ?? null,
      collections: input.collections ?? {},
      step_ratings: input.step_ratings ?? {},
      note: input.note ?? '',
      tags: input.tags ?? [],
      ...deliveryReset,
    });
    this.history.record({ before: undefined, after: this.put(annotation) });
    await this.record({ v: SCHEMA_VERSION, put: annotation });
    return annotation;
  }

  /** Changes the label; the new version has to be sent again, so its delivery state starts over. */
  async update(id: string, patch: LabelPatch): Promise<Annotation> {
    const before = this.existing(id);
    const after = this.checked({ ...before, ...patch, updated_at: this.now(), ...deliveryReset });
    this.history.record({ before, after: this.put(after) });
    await this.record({ v: SCHEMA_VERSION, put: after });
    return after;
  }

  async remove(id: string): Promise<void> {
    const before = this.existing(id);
    this.history.record({ before, after: undefined });
    this.drop(id);
    await this.record({ v: SCHEMA_VERSION, delete: id });
  }

  get canUndo(): boolean {
    return !this.readOnly && this.history.canUndo;
  }

  get canRedo(): boolean {
    return !this.readOnly && this.history.canRedo;
  }

  /** Reverses this session's last label edit; returns what it touched, or undefined with nothing to undo. */
  async undo(): Promise<Annotation | undefined> {
    this.assertWritable();
    const edit = this.history.takeUndo();
    return edit === undefined ? undefined : this.restore(edit.after, edit.before);
  }

  async redo(): Promise<Annotation | undefined> {
    this.assertWritable();
    const edit = this.history.takeRedo();
    return edit === undefined ? undefined : this.restore(edit.before, edit.after);
  }

  /** Records that these labels' current versions were written to a trainer. */
  async markSent(ids: readonly string[]): Promise<void> {
    await this.deliver(ids, (a) => ({ ...a, sent_at: this.now() }));
  }

  /**
   * A trainer holds this label (`label_ack`). Ignored when the current version was not sent yet: the
   * ack is for a version the person has since edited, which still has to go out.
   */
  async markAcked(id: string): Promise<void> {
    const current = this.get(id);
    if (current?.sent_at === null) return;
    await this.deliver([id], (a) => ({ ...a, acked_at: this.now() }));
  }

  /** These labels entered the update of `step` (`label_applied`). */
  async markApplied(ids: readonly string[], step: number): Promise<void> {
    await this.deliver(ids, (a) => ({ ...a, applied_step: step }));
  }

  /**
   * A trainer resumed run `runId` from a checkpoint at `step`: the updates after it are not in its
   * weights, so labels applied there are applied no more (the trainer applies them again).
   */
  async unapplyAfter(runId: string, step: number): Promise<string[]> {
    const lost = this.all()
      .filter((a) => a.run_id === runId && a.applied_step !== null && a.applied_step > step)
      .map((a) => a.id);
    if (lost.length > 0) await this.deliver(lost, (a) => ({ ...a, applied_step: null }));
    return lost;
  }

  /** Copies the file aside as annotations.corrupt-<time>.json (never over an existing file); returns its path. */
  async backup(): Promise<string> {
    const name = basename(this.file, '.json');
    const target = join(dirname(this.file), `${name}.corrupt-${stamp(this.options.now())}.json`);
    await copyFile(this.file, target, constants.COPYFILE_EXCL);
    return target;
  }

  /** Folds every change so far into annotations.json (they are already durable in the journal). */
  flush(): Promise<void> {
    this.assertWritable();
    const run = this.compacting.then(() => this.compactNow());
    this.compacting = run.catch(() => undefined);
    return run;
  }

  /** Flushes and releases the journal; call before the workspace closes. */
  async close(): Promise<void> {
    if (!this.readOnly) {
      await this.flush();
      await this.journal.close();
    }
    this.dispose();
  }

  /** Stops background work and lets another window write; changes not flushed stay in the journal. */
  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
    if (!this.readOnly) releaseWriterLock(this.file);
  }

  private async restore(
    from: Annotation | undefined,
    to: Annotation | undefined,
  ): Promise<Annotation | undefined> {
    const id = (to ?? from)?.id;
    if (id === undefined) return undefined;
    if (to === undefined) {
      const gone = this.get(id);
      this.drop(id);
      await this.record({ v: SCHEMA_VERSION, delete: id });
      return gone;
    }
    // The restored label is a new version to the trainer: send it again.
    const restored = Object.freeze({ ...to, updated_at: this.now(), ...deliveryReset });
    this.put(restored);
    await this.record({ v: SCHEMA_VERSION, put: restored });
    return restored;
  }

  private async deliver(ids: readonly string[], change: (a: Annotation) => Annotation): Promise<void> {
    this.assertWritable();
    const wanted = new Set(ids);
    const changed: Annotation[] = [];
    this.db.data.annotations = this.db.data.annotations.map((a) => {
      if (!wanted.has(a.id)) return a;
      const next = Object.freeze(change(a));
      changed.push(next);
      return next;
    });
    if (changed.length === 0) return;
    this.changed.fire();
    await Promise.all(changed.map((a) => this.record({ v: SCHEMA_VERSION, put: a })));
  }

  private checked(annotation: Annotation): Annotation {
    this.assertWritable();
    const errors = annotationErrors(annotation);
    if (errors.length > 0) throw new Error(`invalid annotation: ${errors.join('; ')}`);
    return Object.freeze(annotation);
  }

  private existing(id: string): Annotation {
    this.assertWritable();
    const found = this.get(id);
    if (found === undefined) throw new Error(`no annotation with id ${id}`);
    return found;
  }

  /** Inserts or replaces by id, keeping the order of first insertion. */
  private put(annotation: Annotation): Annotation {
    const list = this.db.data.annotations;
    const index = list.findIndex((a) => a.id === annotation.id);
    if (index === -1) list.push(annotation);
    else list[index] = annotation;
    this.changed.fire();
    return annotation;
  }

  private drop(id: string): void {
    this.db.data.annotations = this.db.data.annotations.filter((a) => a.id !== id);
    this.changed.fire();
  }

  /** Durable when the journal append resolves; folding into the file happens later. */
  private record(entry: JournalEntry): Promise<void> {
    const appended = this.journal.append(entry);
    this.waiting += 1;
    clearTimeout(this.timer);
    if (this.waiting >= this.options.compactEvery) {
      this.background();
    } else {
      this.timer = setTimeout(() => this.background(), this.options.compactAfterMs);
      this.timer.unref(); // a pending compaction never keeps a process alive: the journal is durable
    }
    return appended;
  }

  private background(): void {
    this.flush().then(
      () => (this.compactionError = undefined),
      (err: unknown) => (this.compactionError = err),
    );
  }

  /**
   * Starts a new journal generation, writes the snapshot (which holds every change appended to the
   * older ones, because memory changes before its append is queued), then removes the older journals.
   */
  private async compactNow(): Promise<void> {
    clearTimeout(this.timer);
    if (this.waiting === 0) return;
    this.waiting = 0;
    const old = this.journal;
    this.generation += 1;
    this.journal = new JournalWriter(journalPath(this.file, this.generation));
    const written = this.db.write();
    await old.close();
    await written;
    const older = (await listJournals(this.file)).filter((j) => j.generation < this.generation);
    await removeJournals(older);
  }

  private assertWritable(): void {
    if (this.loadError !== undefined) throw new AnnotationStoreReadOnlyError(this.loadError);
  }

  private now(): string {
    return this.options.now().toISOString();
  }
}

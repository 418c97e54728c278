// The product's central promise, through the real workbench (issue 5): while training runs, a person
// labels rollouts with the keyboard and sees each label acknowledged, then applied at a step; the
// trainer crashes (SIGKILL, not Stop Training); "Resume from Last Checkpoint" continues the run, and
// every label is still there and is applied again by the resumed trainer.
//
// The order of events is what makes the re-application observable. A checkpoint is saved first (at
// step C), and labels are made only after the update of step C + 1 is done, so the first trainer
// applies them at a step A >= C + 2. Those updates are not in the checkpoint's weights: the resumed
// trainer (from C) reads labels.jsonl, forgets the applications after C, and applies the labels
// again in its first update, step C + 1 (trainer/searchr2/labels/book.py, LabelBook.rewind). So the
// pane must move from "applied at step A" to "applied at step C + 1", and labels.jsonl must gain a
// second `applied` row for every label; lost labels, or labels not re-applied, fail one or the other.
// The labelled rollouts are of steps <= C, which the resumed run keeps (later lines are superseded).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { readLabelBook, storedLabels, type LabelBook } from './labelling';
import { UiSession, waitFor } from './uiDriver';

const minutes = (n: number) => n * 60_000;
const rowSelector = '[data-testid="rollout-row"][data-rollout-id]';

/** The training step of a rollout, from its id (`s<step>-<question>-g<i>`, trainer/searchr2/run/step.py). */
export function stepOfRolloutId(id: string): number | undefined {
  const match = /^s(\d+)-/.exec(id);
  return match === null ? undefined : Number(match[1]);
}

/** The steps of the run's complete checkpoints (a checkpoint is built aside and renamed into place). */
export function checkpointSteps(runDir: string): number[] {
  const folder = join(runDir, 'checkpoints');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => /^step-(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

/** The last `train` step metrics.jsonl records (0: none yet). */
export function lastTrainStep(runDir: string): number {
  const file = join(runDir, 'metrics.jsonl');
  if (!existsSync(file)) return 0;
  let last = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      const row = JSON.parse(line) as { phase?: string; step?: number };
      if (row.phase === 'train' && typeof row.step === 'number') last = Math.max(last, row.step);
    } catch {
      // a line being written
    }
  }
  return last;
}

interface MadeLabel {
  rolloutId: string;
  cut: number;
  /** The trainer's label id (= the annotation id), from labels.jsonl. */
  labelId?: string;
  /** The pane's stage right after the key press settled: acknowledged (or already applied). */
  firstStage?: string;
  /** "applied at step A": the first trainer's update. */
  appliedBefore?: number;
  /** "applied at step M": the resumed trainer's update. */
  appliedAfter?: number;
}

export class LabelCrashResume {
  checkpointStep: number | undefined;
  readonly labels: MadeLabel[] = [];
  private killedPids: number[] = [];
  /** How many `applied` rows labels.jsonl had when the trainer was killed. */
  private appliedRowsAtKill = 0;
  private resumedPid: number | undefined;
  crashMessage: string | undefined;
  /** Which steps of the story have passed: a later step needs the earlier ones. */
  private readonly done = { labelled: false, applied: false, crashed: false, reapplied: false };

  constructor(private readonly ui: UiSession) {}

  private get webview() {
    return this.ui.webview;
  }

  private runDir(): string {
    const dir = this.ui.runDir();
    assert.ok(dir, 'no single run folder under .searchr2/runs');
    return dir;
  }

  private detailId(): Promise<string | null> {
    return this.webview.locator('[data-testid="rollout-detail"]').getAttribute('data-rollout-id');
  }

  private async paneStage(): Promise<{ stage: string; text: string; cut: string | null }> {
    const delivery = this.webview.locator('[data-testid="label-delivery"]');
    return {
      stage: (await delivery.getAttribute('data-stage')) ?? '',
      text: (await delivery.textContent()) ?? '',
      cut: await this.webview.locator('[data-testid="label-cut"]').getAttribute('data-cut'),
    };
  }

  /** The rows the list has rendered (it is virtualised: not necessarily all that match). */
  private async renderedIds(): Promise<string[]> {
    const ids = await this.webview
      .locator(rowSelector)
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rollout-id') ?? ''));
    return ids.filter((id) => id !== '');
  }

  private row(rolloutId: string): Locator {
    return this.webview.locator(`[data-testid="rollout-row"][data-rollout-id="${rolloutId}"]`);
  }

  /** Clicks a rendered row and waits for the detail (and so the pane) to show that rollout. */
  private async open(rolloutId: string): Promise<void> {
    await this.row(rolloutId).click();
    await waitFor(
      `the detail to show ${rolloutId}`,
      async () => ((await this.detailId()) === rolloutId ? true : undefined),
      30_000,
    );
  }

  /** The filter bar's Clear (shown only while a filter is set). */
  private async clearFilters(): Promise<void> {
    const clear = this.webview.locator('[data-testid="clear-filters"]');
    if (await clear.isVisible()) await clear.click();
    await clear.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Filters the list to exactly the labelled rollouts and waits until it shows those ids. */
  private async showLabelled(expected: readonly string[]): Promise<void> {
    await this.clearFilters();
    await this.webview.locator('[data-testid="label-filter"]').selectOption('labelled');
    await waitFor(
      `the "Labelled" filter to list exactly ${expected.join(', ')}`,
      async () => {
        const ids = (await this.renderedIds()).sort();
        return JSON.stringify(ids) === JSON.stringify([...expected].sort()) ? true : undefined;
      },
      60_000,
    );
  }

  /** Waits until the pane of the open rollout shows `applied at step N` and returns N. */
  private async paneAppliedStep(what: string, accept: (step: number) => boolean): Promise<number> {
    return waitFor(
      what,
      async () => {
        const { stage, text } = await this.paneStage();
        const step = /applied at step (\d+)/.exec(text);
        if (stage !== 'applied' || step === null) return undefined;
        return accept(Number(step[1])) ? Number(step[1]) : undefined;
      },
      minutes(4),
      500,
    );
  }

  /** 1. "Search-R2: Save Checkpoint" from the palette; its notification and the folder name the step. */
  async saveCheckpoint(): Promise<void> {
    const runDir = this.runDir();
    assert.deepEqual(checkpointSteps(runDir), [], 'the run has a checkpoint before Save Checkpoint');
    await this.ui.runCommand('Search-R2: Save Checkpoint');
    // Served between steps: at the end of the step under way.
    const toast = this.ui.notification(/checkpoint saved at step \d+/);
    await toast.waitFor({ timeout: minutes(4) });
    const said = /checkpoint saved at step (\d+)/.exec((await toast.textContent()) ?? '');
    assert.ok(said, 'the notification names no step');
    const step = Number(said[1]);
    const onDisk = await waitFor(
      `checkpoints/step-${step} in ${runDir}`,
      () => (checkpointSteps(runDir).includes(step) ? checkpointSteps(runDir) : undefined),
      30_000,
    );
    assert.deepEqual(onDisk, [step], `checkpoints other than step-${step}: ${JSON.stringify(onDisk)}`);
    this.checkpointStep = step;
    console.log(`checkpoint saved at step ${step}`);
    // The toast sits over the inspector's corner; the labels come next.
    await this.ui.runCommand('Notifications: Clear All Notifications');
  }

  /**
   * 2. Once the update after the checkpoint is done, labels `count` rollouts of steps <= C with the
   * keyboard (a cut key, then j to the next rollout), each seen acknowledged in the pane.
   */
  async label(count: number): Promise<void> {
    const c = this.checkpointStep;
    assert.ok(c !== undefined, 'no checkpoint step (the Save Checkpoint step failed)');
    const runDir = this.runDir();
    await waitFor(
      `the update of step ${c + 1} (metrics.jsonl)`,
      () => (lastTrainStep(runDir) > c ? true : undefined),
      minutes(4),
    );
    console.log(`labelling at train step ${lastTrainStep(runDir)} (checkpoint at ${c})`);
    // Only rollouts of steps <= C: the resumed run keeps those.
    const stepMax = this.webview.locator('[data-testid="step-max"]');
    await this.clearFilters();
    await stepMax.fill(String(c));
    await stepMax.press('Tab'); // the filter applies on change
    const first = await waitFor(
      `the list filtered to steps <= ${c}`,
      async () => {
        const ids = await this.renderedIds();
        const steps = ids.map(stepOfRolloutId);
        return ids.length > count && steps.every((s) => s !== undefined && s <= c) ? ids[0] : undefined;
      },
      60_000,
    );
    await this.open(first);
    // Home: the list's first rollout, so that j has rollouts after it.
    await this.webview.locator('[data-testid="rollout-list"]').press('Home');
    await waitFor(
      'Home to open the first rollout of the list',
      async () => {
        const top = await this.webview
          .locator(rowSelector)
          .evaluateAll(
            (rows) =>
              rows
                .find(
                  (row) =>
                    (row as unknown as { style: { transform: string } }).style.transform ===
                    'translateY(0px)',
                )
                ?.getAttribute('data-rollout-id') ?? null,
          );
        return top !== null && top === (await this.detailId()) ? true : undefined;
      },
      30_000,
    );

    for (let i = 0; i < count; i++) {
      const rolloutId = await this.detailId();
      assert.ok(rolloutId, 'the detail shows no rollout');
      assert.ok((stepOfRolloutId(rolloutId) ?? Infinity) <= c, `${rolloutId} is of a step after ${c}`);
      assert.ok(!this.labels.some((l) => l.rolloutId === rolloutId), `j did not move on from ${rolloutId}`);
      const steps = await this.webview
        .locator('[data-testid="label-pane"] [data-testid="label-step"]')
        .count();
      const cut = Math.min(i, steps); // 0 (nothing wrong), then step 1, step 2, ...
      await this.ui.page.keyboard.press(String(cut));
      const label: MadeLabel = { rolloutId, cut };
      this.labels.push(label);
      label.firstStage = await waitFor(
        `the pane to show cut ${cut} acknowledged for ${rolloutId}`,
        async () => {
          const pane = await this.paneStage();
          return pane.cut === String(cut) && ['acknowledged', 'applied'].includes(pane.stage)
            ? pane.stage
            : undefined;
        },
        minutes(2),
      );
      if (i + 1 < count) {
        await this.ui.page.keyboard.press('j');
        await waitFor(
          'j to open the next rollout',
          async () => {
            const id = await this.detailId();
            return id !== null && id !== rolloutId ? true : undefined;
          },
          10_000,
        );
      }
    }
    this.done.labelled = true;
    console.log(
      `labelled: ${this.labels.map((l) => `${l.rolloutId} cut ${l.cut} (${l.firstStage})`).join(', ')}`,
    );
  }

  /**
   * 3. Each label's pane, acknowledged when it was made, reaches "applied at step A" (A > C + 1), and
   * labels.jsonl holds the label and records that application.
   */
  async waitApplied(): Promise<void> {
    const c = this.checkpointStep;
    assert.ok(c !== undefined && this.done.labelled, 'nothing was labelled (an earlier step failed)');
    await this.showLabelled(this.labels.map((l) => l.rolloutId));
    for (const label of this.labels) {
      await this.open(label.rolloutId);
      assert.equal(
        (await this.paneStage()).cut,
        String(label.cut),
        `the pane lost the cut of ${label.rolloutId}`,
      );
      label.appliedBefore = await this.paneAppliedStep(
        `${label.rolloutId}'s label to be applied`,
        () => true,
      );
      assert.ok(
        label.appliedBefore > c + 1,
        `${label.rolloutId} was applied at step ${label.appliedBefore}, not after step ${c + 1} (labelled too early)`,
      );
    }
    const book = readLabelBook(this.runDir());
    for (const label of this.labels) {
      const held = book.byRollout.get(label.rolloutId);
      assert.ok(held, `labels.jsonl has no label for ${label.rolloutId}`);
      assert.equal(held.cut, label.cut, `labels.jsonl holds another cut for ${label.rolloutId}`);
      label.labelId = held.id;
      assert.deepEqual(
        appliedSteps(book, held.id),
        [label.appliedBefore],
        `labels.jsonl's applied rows for ${held.id} do not match the pane`,
      );
    }
    this.done.applied = true;
    console.log(`applied before the crash: ${this.labels.map((l) => `step ${l.appliedBefore}`).join(', ')}`);
  }

  /** 4. SIGKILL of the trainer; the extension reports a crash and offers the checkpoint. */
  async crash(): Promise<void> {
    const c = this.checkpointStep;
    assert.ok(c !== undefined && this.done.applied, 'the labels were not applied (an earlier step failed)');
    const trainers = this.ui.trainers();
    assert.ok(trainers.length > 0, 'no `searchr2 train` process to kill');
    this.appliedRowsAtKill = readLabelBook(this.runDir()).applied.length;
    for (const { pid } of trainers) process.kill(pid, 'SIGKILL');
    this.killedPids = trainers.map(({ pid }) => pid);
    console.log(`SIGKILL to ${this.killedPids.join(', ')} at train step ${lastTrainStep(this.runDir())}`);
    await waitFor(
      'the killed trainer to be gone',
      () => (this.ui.trainers().some(({ pid }) => this.killedPids.includes(pid)) ? undefined : true),
      30_000,
    );
    const notification = await this.ui.waitForNotification(/training crashed/, minutes(1));
    this.crashMessage = (await notification.textContent()) ?? '';
    assert.match(this.crashMessage, /SIGKILL/, 'the crash message does not say how the trainer ended');
    // Not asserted: the message ends with "Its last checkpoint is at step C.", but it comes after
    // the trainer's last 3 stderr lines (long metrics lines), and the workbench cuts the message
    // short before it (seen at ~1000 characters).
    console.log(
      `crash message ${this.crashMessage.includes(`last checkpoint is at step ${c}`) ? 'names' : 'does not show'} the checkpoint step (${this.crashMessage.length} characters)`,
    );
    assert.equal(
      await notification.locator('.monaco-button', { hasText: 'Resume from Last Checkpoint' }).count(),
      1,
      'the crash notification offers no "Resume from Last Checkpoint"',
    );
    this.done.crashed = true;
  }

  /**
   * 5. "Resume from Last Checkpoint": a new trainer from step C; every label is still in the pane
   * and in annotations.json, and the resumed trainer applies each again at a step after C.
   */
  async resume(): Promise<void> {
    const c = this.checkpointStep;
    assert.ok(c !== undefined && this.done.crashed, 'no crash to resume from (an earlier step failed)');
    await this.ui.clickNotificationButton(/training crashed/, 'Resume from Last Checkpoint', minutes(1));
    this.resumedPid = await waitFor(
      'a resumed `searchr2 train` process',
      () => this.ui.trainers().find(({ pid }) => !this.killedPids.includes(pid))?.pid,
      minutes(2),
    );
    assert.ok(
      this.ui.trainers().some(({ pid, args }) => pid === this.resumedPid && args.includes('--resume')),
      'the new trainer was not started with --resume',
    );
    // The resumed trainer's record: an `applied` row for every label, after the kill.
    const runDir = this.runDir();
    const reapplied = await waitFor(
      'labels.jsonl to record every label applied again by the resumed trainer',
      () => {
        const book = readLabelBook(runDir);
        const after = book.applied.slice(this.appliedRowsAtKill);
        const steps = this.labels.map((l) => after.find((row) => row.ids.includes(l.labelId!))?.step);
        return steps.every((s) => s !== undefined) ? (steps as number[]) : undefined;
      },
      minutes(5),
      500,
    );
    console.log(`re-applied after the resume: ${reapplied.map((s) => `step ${s}`).join(', ')}`);
    reapplied.forEach((step, i) => {
      assert.ok(step > c, `${this.labels[i]!.rolloutId} was re-applied at step ${step}, not after ${c}`);
    });
    // What the resumed trainer said about them (its stderr, in the extension's output channel).
    const log = this.ui.extensionLog();
    const said =
      log === undefined
        ? null
        : /(\d+) label\(s\) loaded from labels\.jsonl, (\d+) to apply again/.exec(readFileSync(log, 'utf8'));
    assert.ok(said, 'the resumed trainer did not log the labels it loaded');
    console.log(`resumed trainer: ${said[0]}`);
    assert.equal(
      Number(said[2]),
      this.labels.length,
      'the resumed trainer did not plan to apply every label again',
    );
    // The inspector shows the resumed run: it starts over from the run's rollouts up to C, so rows
    // of step C + 1 are the new trainer's (the list is virtualised: filter to them).
    await this.clearFilters();
    const stepMin = this.webview.locator('[data-testid="step-min"]');
    await stepMin.fill(String(c + 1));
    await stepMin.press('Tab');
    await waitFor(
      `rows of step ${c + 1} from the resumed run`,
      async () => ((await this.renderedIds()).some((id) => stepOfRolloutId(id) === c + 1) ? true : undefined),
      minutes(2),
    );
    // Every label, in the pane: still there, and applied again at the resumed run's step.
    await this.showLabelled(this.labels.map((l) => l.rolloutId));
    for (const [i, label] of this.labels.entries()) {
      await this.open(label.rolloutId);
      await waitFor(
        `the pane to show ${label.rolloutId}'s cut ${label.cut}`,
        async () => ((await this.paneStage()).cut === String(label.cut) ? true : undefined),
        30_000,
      );
      label.appliedAfter = await this.paneAppliedStep(
        `${label.rolloutId}'s pane to show "applied at step ${reapplied[i]}" (it showed ${label.appliedBefore})`,
        (step) => step === reapplied[i],
      );
    }
    this.done.reapplied = true;
    // Nothing was lost: annotations.json (written 30 s after the last change) holds each label, and
    // only those (the one undone with Ctrl+Z stays gone).
    const annotations = await waitFor(
      'annotations.json to hold every label, acknowledged',
      () => {
        const stored = storedLabels(this.ui.workspace.folder);
        const found = this.labels.map((l) => stored?.find((a) => a.id === l.labelId));
        return found.every((a, i) => a !== undefined && a.cut === this.labels[i]!.cut && a.acked_at !== null)
          ? stored
          : undefined;
      },
      90_000,
    );
    assert.deepEqual(
      annotations.map((a) => a.rollout_id).sort(),
      this.labels.map((l) => l.rolloutId).sort(),
      'annotations.json holds other labels than those made',
    );
    console.log(
      `annotations.json after the resume: ${annotations.map((a) => `${a.rollout_id} applied_step ${a.applied_step}`).join(', ')}`,
    );
  }

  /** 6. After Stop Training: annotations.json records the resumed run's application of each label. */
  async annotationsFileApplied(): Promise<void> {
    assert.ok(this.done.reapplied, 'the labels were not re-applied (an earlier step failed)');
    await waitFor(
      `annotations.json to record applied steps ${this.labels.map((l) => l.appliedAfter).join(', ')}`,
      () => {
        const stored = storedLabels(this.ui.workspace.folder);
        return this.labels.every(
          (l) => stored?.find((a) => a.id === l.labelId)?.applied_step === l.appliedAfter,
        )
          ? true
          : undefined;
      },
      90_000,
    );
  }
}

function appliedSteps(book: LabelBook, labelId: string): number[] {
  return book.applied.filter((row) => row.ids.includes(labelId)).map((row) => row.step);
}

// Regenerate from step k in the editor: the command (palette, or the inspector's `r` key), progress
// while the trainer serves it between steps, and the answer in VS Code's diff editor, original on the
// left, regenerated on the right. The shown run's saved regenerations are read from its folder. The
// Meta-Refiner's own cuts open in the same diff editor (as first written vs final).
import * as vscode from 'vscode';
import { describeError, type ShowableLogger } from '../core/logger';
import type { Rollout } from '../protocol/generated';
import type { InspectorSource } from '../panel/inspectedRun';
import type { InspectorRegenerations } from '../panel/inspectorRegenerations';
import type { TrainerSession } from '../trainer/trainerSession';
import { RegenerationBook, RegenerationError, type Regeneration } from './regenerationBook';
import { registerDiffDocuments } from './diffDocuments';
import { cutTexts, regenerationTexts } from './diffTexts';
import { readSavedRegenerations } from './savedRegenerations';

export interface RegenerateArgs {
  runId?: string;
  rolloutId: string;
  step: number;
}

export function activateRegeneration(
  context: vscode.ExtensionContext,
  sessions: (listener: (session: TrainerSession) => void) => { dispose(): void },
  inspected: InspectorSource,
  logger: ShowableLogger,
): InspectorRegenerations {
  const book = new RegenerationBook();
  context.subscriptions.push(
    book,
    sessions((session) => book.follow(session)),
  );

  const findRollout = (regeneration: Regeneration): Rollout | undefined =>
    inspected.status.runId === regeneration.runId
      ? inspected.rollouts.find((r) => r.id === regeneration.rolloutId)
      : undefined;

  const diffs = registerDiffDocuments(context);

  const open = async (key: string): Promise<void> => {
    const regeneration = book.get(key);
    if (regeneration?.result === undefined) {
      void vscode.window.showWarningMessage('Search-R2: that regeneration has no answer yet.');
      return;
    }
    await diffs.open(
      `${regeneration.rolloutId}-from-${regeneration.fromStep}`,
      `${regeneration.rolloutId}: original \u2194 regenerated from step ${regeneration.fromStep}`,
      regenerationTexts(regeneration.result, findRollout(regeneration)),
    );
  };

  const openCut = async (rolloutId: string): Promise<void> => {
    const rollout = inspected.rollouts.find((r) => r.id === rolloutId);
    const texts = rollout === undefined ? undefined : cutTexts(rollout);
    if (rollout === undefined || texts === undefined) {
      void vscode.window.showWarningMessage(
        `Search-R2: rollout ${rolloutId} has no Meta-Refiner cut to show.`,
      );
      return;
    }
    await diffs.open(
      `${rollout.id}-cut`,
      `${rollout.id}: as first written \u2194 after the Meta-Refiner's cut`,
      texts,
    );
  };

  /**
   * Asks, shows progress until the answer, then (when `showDiff`) the diff. Resolves with the entry,
   * or undefined when nothing could be asked. From the inspector the diff waits for Open diff, so a
   * person labelling with the keys keeps the inspector in front.
   */
  const regenerate = async (args: RegenerateArgs, showDiff: boolean): Promise<Regeneration | undefined> => {
    const runId = args.runId ?? inspected.status.runId;
    if (runId === undefined) return undefined;
    const what = `${args.rolloutId} from step ${args.step}`;
    try {
      const regeneration = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Search-R2: regenerating ${what}` },
        (progress) => {
          progress.report({ message: 'the trainer serves it when its current step ends\u2026' });
          return book.request(runId, args.rolloutId, args.step);
        },
      );
      if (regeneration.state === 'failed') {
        void vscode.window.showErrorMessage(
          `Search-R2: could not regenerate ${what}. ${regeneration.message ?? ''}`,
        );
        return regeneration;
      }
      logger.info(`regenerated ${what}: answer ${JSON.stringify(regeneration.result?.answer)}`);
      if (showDiff) await open(regeneration.key);
      return regeneration;
    } catch (err) {
      const message = err instanceof RegenerationError ? err.message : describeError(err);
      logger.warn(`regenerate ${what}: ${message}`);
      void vscode.window.showErrorMessage(`Search-R2: could not regenerate ${what}. ${message}`);
      return undefined;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('searchr2.regenerateFromStep', async (args?: RegenerateArgs) => {
      const chosen = args ?? (await pickRegeneration(inspected, book));
      return chosen === undefined ? undefined : regenerate(chosen, true);
    }),
    vscode.commands.registerCommand('searchr2.openRegeneration', (key: string) => open(key)),
    vscode.commands.registerCommand('searchr2.openCutDiff', (rolloutId: string) => openCut(rolloutId)),
  );

  // The shown run's saved regenerations: read when another run is shown, and again on a reload.
  let loadedDir: string | undefined;
  const loadSaved = (): void => {
    const { runDir, runId } = inspected.status;
    if (runDir === undefined || runId === undefined || runDir === loadedDir) return;
    loadedDir = runDir;
    readSavedRegenerations(runDir).then(
      ({ events, skipped }) => {
        if (skipped > 0)
          logger.warn(`${runDir}: ${skipped} malformed line(s) of regenerations.jsonl skipped`);
        book.loadSaved(runId, events);
      },
      (err: unknown) =>
        logger.warn(`${runDir}: regenerations.jsonl could not be read: ${describeError(err)}`),
    );
  };
  context.subscriptions.push(inspected.onDidChangeStatus(() => loadSaved()));
  loadSaved();

  return {
    stateFor: (runId) => book.stateFor(runId),
    onDidChange: book.onDidChange,
    request: (runId, rolloutId, step) => void regenerate({ runId, rolloutId, step }, false),
    open: (key) => void open(key),
    openCut: (rolloutId) => void openCut(rolloutId),
  };
}

/** From the palette: a recent rollout of the running training, then the step to regenerate from. */
async function pickRegeneration(
  inspected: InspectorSource,
  book: RegenerationBook,
): Promise<RegenerateArgs | undefined> {
  const runId = inspected.status.runId;
  const reason = book.unavailableReason(runId);
  if (reason !== undefined || runId === undefined) {
    void vscode.window.showInformationMessage(`Search-R2: ${reason ?? 'no run is shown.'}`);
    return undefined;
  }
  const recent = inspected.rollouts.slice(-200).reverse();
  const rollout = await vscode.window.showQuickPick(
    recent.map((r) => ({
      label: r.question,
      description: `step ${r.step} \u00B7 ${r.id}`,
      detail: `answer ${r.answer ?? '(none)'} \u00B7 EM ${r.em} \u00B7 R ${r.reward.toFixed(2)} \u00B7 ${r.turns.length} steps`,
      rollout: r,
    })),
    { title: 'Regenerate a rollout from a step', placeHolder: 'A recent rollout of the running training' },
  );
  if (rollout === undefined) return undefined;
  const step = await vscode.window.showQuickPick(
    rollout.rollout.turns.map((turn, i) => ({
      label: `Step ${i + 1}: ${turn.action}`,
      description: turn.action === 'search' ? turn.query : turn.action === 'answer' ? turn.answer : undefined,
      detail: i === 0 ? 'regenerate the whole trajectory' : `keep steps 1\u2013${i}, regenerate from here`,
      step: i + 1,
    })),
    { title: `Regenerate ${rollout.rollout.id} from step\u2026` },
  );
  return step === undefined ? undefined : { runId, rolloutId: rollout.rollout.id, step: step.step };
}

// Composition root: creates the shared pieces and activates each feature. No logic lives here.
import * as vscode from 'vscode';
import { activateAnnotations, type AnnotationsHandle } from './annotations/activateAnnotations';
import { registerLabelExportCommands } from './commands/labelExportCommands';
import type { SearchR2Api } from './api';
import { describeError } from './core/logger';
import { createOutputChannelLogger } from './core/outputChannelLogger';
import { createExtensionApi } from './extensionApi';
import { activateInspector } from './panel/activateInspector';
import { InspectedRun } from './panel/inspectedRun';
import { activateRegeneration } from './regenerate/activateRegeneration';
import { activateRuns } from './runs/activateRuns';
import { activateTraining } from './trainer/activateTraining';
import { RunModel } from './trainer/runModel';
import type { TrainingController } from './trainer/trainingController';
import { activateStatusBar } from './views/statusBar';

// deactivate() is a module function, so it reaches the running trainer through this.
let training: TrainingController | undefined;
let annotations: AnnotationsHandle | undefined;

export function activate(context: vscode.ExtensionContext): SearchR2Api {
  const logger = createOutputChannelLogger('Search-R2');
  context.subscriptions.push(logger);
  try {
    const model = new RunModel();
    context.subscriptions.push(model);
    // What the inspector shows: the live run, or a past run opened from its folder.
    const inspected = new InspectedRun(model);
    context.subscriptions.push(inspected);
    training = activateTraining(context, model, logger);
    const controller = training;
    annotations = activateAnnotations(context, controller.onDidCreateSession, logger);
    const regenerations = activateRegeneration(context, controller.onDidCreateSession, inspected, logger);
    activateInspector(context, inspected, logger, annotations.service, regenerations);
    registerLabelExportCommands(context, annotations.service, logger);
    activateRuns(context, model, inspected, logger);
    activateStatusBar(context, model);
    return createExtensionApi(inspected, () => controller.trainerPid);
  } catch (err) {
    logger.error(`activation failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void vscode.window.showErrorMessage(
      `Search-R2 could not start: ${describeError(err)}. See the Search-R2 log.`,
    );
    throw err;
  }
}

/** Stops the trainer with a short deadline and then kills its process group: no orphans; closes the labels. */
export async function deactivate(): Promise<void> {
  const controller = training;
  const labels = annotations;
  training = undefined;
  annotations = undefined;
  await controller?.shutdown(2_000);
  // After the trainer: its last label_ack / label_applied are recorded before the store closes.
  await labels?.close();
}

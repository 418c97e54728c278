import * as vscode from 'vscode';
import type { ShowableLogger } from '../core/logger';
import { registerRunControlCommands } from '../commands/runControlCommands';
import { registerTrainingCommands } from '../commands/trainingCommands';
import type { RunModel } from './runModel';
import { TrainingController } from './trainingController';

export function activateTraining(
  context: vscode.ExtensionContext,
  model: RunModel,
  logger: ShowableLogger,
): TrainingController {
  const controller = new TrainingController(context, model, logger);
  context.subscriptions.push(controller);
  registerTrainingCommands(context, controller, logger);
  registerRunControlCommands(context, () => controller.runControl, logger);
  return controller;
}

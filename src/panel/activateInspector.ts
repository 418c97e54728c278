// The inspector: one panel per window, opened by command and restored after a reload.
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { InspectorSource } from './inspectedRun';
import type { InspectorAnnotations } from './inspectorAnnotations';
import type { InspectorRegenerations } from './inspectorRegenerations';
import { INSPECTOR_VIEW_TYPE, InspectorPanel, inspectorWebviewOptions } from './inspectorPanel';

export function activateInspector(
  context: vscode.ExtensionContext,
  model: InspectorSource,
  logger: Logger,
  annotations?: InspectorAnnotations,
  regenerations?: InspectorRegenerations,
): void {
  let current: InspectorPanel | undefined;

  const adopt = (panel: vscode.WebviewPanel): InspectorPanel => {
    const inspector = new InspectorPanel(
      panel,
      context.extensionUri,
      model,
      logger,
      annotations,
      regenerations,
    );
    current = inspector;
    panel.onDidDispose(() => {
      if (current === inspector) current = undefined;
    });
    return inspector;
  };

  const open = (): void => {
    if (current !== undefined) return current.reveal();
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      'Search-R2 Inspector',
      vscode.ViewColumn.Active,
      inspectorWebviewOptions(context.extensionUri),
    );
    adopt(panel);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('searchr2.openInspector', open),
    vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
      // After a reload the view asks for `ready` → `init`; its own scroll and selection come from getState.
      deserializeWebviewPanel: (panel: vscode.WebviewPanel) => {
        current?.panel.dispose();
        adopt(panel);
        return Promise.resolve();
      },
    }),
    // Dispose our listeners only: closing the panel here would keep it from being restored after a reload.
    { dispose: () => current?.dispose() },
  );
}

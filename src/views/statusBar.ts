// The run's state at a glance; a click opens the inspector.
import * as vscode from 'vscode';
import type { RunModel } from '../trainer/runModel';
import { presentStatus } from './statusText';

export function activateStatusBar(context: vscode.ExtensionContext, model: RunModel): void {
  const item = vscode.window.createStatusBarItem('searchr2.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Search-R2 Run';
  item.command = 'searchr2.openInspector';
  const render = (): void => {
    const p = presentStatus(model.status);
    item.text = p.text;
    item.tooltip = p.tooltip;
    item.backgroundColor = p.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (p.visible) item.show();
    else item.hide();
  };
  render();
  context.subscriptions.push(item, model.onDidChangeStatus(render));
}

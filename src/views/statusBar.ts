// The run's state at a glance, with the last mean reward; a click opens the inspector, and the
// tooltip offers Open Inspector and Stop.
import * as vscode from 'vscode';
import type { RunModel } from '../trainer/runModel';
import { presentStatus, type StatusPresentation } from './statusText';

export function activateStatusBar(context: vscode.ExtensionContext, model: RunModel): void {
  const item = vscode.window.createStatusBarItem('searchr2.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Search-R2 Run';
  item.command = 'searchr2.openInspector';
  const render = (): void => {
    const p = presentStatus(model.status, model.rewardMean);
    item.text = p.text;
    item.tooltip = tooltipMarkdown(p);
    item.backgroundColor = p.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (p.visible) item.show();
    else item.hide();
  };
  render();
  context.subscriptions.push(item, model.onDidChangeStatus(render), model.onDidReceiveMetrics(render));
}

/** Run text may quote the trainer: it goes in escaped; only our own links are markdown. */
export function tooltipMarkdown(p: StatusPresentation): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  for (const line of p.tooltipLines) {
    md.appendText(line);
    md.appendMarkdown('\n\n');
  }
  md.appendMarkdown(p.links.map((link) => `[${link.title}](command:${link.command})`).join(' · '));
  md.isTrusted = { enabledCommands: p.links.map((link) => link.command) };
  return md;
}

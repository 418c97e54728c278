// Getting the extension under test and setting its workspace configuration.
import * as vscode from 'vscode';
import type { SearchR2Api } from '../../../src/api';

export const extensionId = 'searchr2.searchr2-studio';

export async function activateExtension(): Promise<SearchR2Api> {
  const extension = vscode.extensions.getExtension<SearchR2Api>(extensionId);
  if (!extension)
    throw new Error(`extension ${extensionId} is not loaded (is extensionDevelopmentPath the repo?)`);
  return extension.activate();
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace
    .getConfiguration('searchr2')
    .update(key, value, vscode.ConfigurationTarget.Workspace);
}

// Which Python runs the trainer: the `searchr2.pythonPath` setting, else the venv that
// `npm run setup` creates inside the extension folder.
import * as path from 'node:path';

export interface PythonPathContext {
  extensionPath: string;
  workspaceFolder: string | undefined;
  homeDir: string;
  platform: NodeJS.Platform;
}

export function defaultPythonPath(extensionPath: string, platform: NodeJS.Platform): string {
  return platform === 'win32'
    ? path.join(extensionPath, '.venv', 'Scripts', 'python.exe')
    : path.join(extensionPath, '.venv', 'bin', 'python');
}

/** `~` means the home folder; a relative setting is taken from the workspace folder. */
export function resolvePythonPath(setting: string, ctx: PythonPathContext): string {
  const value = setting.trim();
  if (value.length === 0) return defaultPythonPath(ctx.extensionPath, ctx.platform);
  if (value === '~' || value.startsWith('~/')) return path.join(ctx.homeDir, value.slice(1));
  if (path.isAbsolute(value) || ctx.workspaceFolder === undefined) return value;
  // A bare name such as `python3` is looked up on PATH by spawn; only paths with a folder are joined.
  return value.includes('/') || value.includes('\\') ? path.join(ctx.workspaceFolder, value) : value;
}

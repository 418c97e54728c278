// Sets VS Code context keys, but only those whose value changed: run status changes every step,
// and each setContext is a round trip to the renderer.
import * as vscode from 'vscode';

export class ContextKeys {
  private readonly current = new Map<string, boolean>();

  set(keys: Readonly<Record<string, boolean>>): void {
    for (const [key, value] of Object.entries(keys)) {
      if (this.current.get(key) === value) continue;
      this.current.set(key, value);
      void vscode.commands.executeCommand('setContext', key, value);
    }
  }
}

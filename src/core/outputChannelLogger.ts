import * as vscode from 'vscode';
import type { ShowableLogger } from './logger';

/** One `{log: true}` channel for the whole extension; its error path reveals the channel. */
export function createOutputChannelLogger(name: string): ShowableLogger & vscode.Disposable {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return {
    trace: (message) => channel.trace(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => {
      channel.error(message);
      // preserveFocus: reveal without stealing the keyboard from what the user is doing.
      channel.show(true);
    },
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

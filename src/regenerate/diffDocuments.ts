// Two read-only virtual documents opened side by side in VS Code's diff editor: the texts are made
// when a diff is opened and held here (the most recent few), so a tab reopened later still reads.
import * as vscode from 'vscode';

export const DIFF_SCHEME = 'searchr2-diff';
/** Diffs whose texts are held; an older tab reopened after that says it is gone. */
const HELD = 50;

export interface DiffTexts {
  left: string;
  right: string;
}

export interface DiffDocuments {
  /** Opens `texts` in the diff editor; `name` (file-name safe) names both tabs' documents. */
  open(name: string, title: string, texts: DiffTexts): Promise<void>;
}

export function registerDiffDocuments(context: vscode.ExtensionContext): DiffDocuments {
  const held = new Map<string, DiffTexts>();
  let serial = 0;
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, {
      provideTextDocumentContent(uri) {
        const texts = held.get(uri.query);
        if (texts === undefined) return 'This diff is no longer held in this window: open it again.';
        return uri.path.endsWith('.left.md') ? texts.left : texts.right;
      },
    }),
  );
  return {
    async open(name, title, texts) {
      const key = String(++serial);
      held.set(key, texts);
      for (const old of held.keys()) {
        if (held.size <= HELD) break;
        held.delete(old);
      }
      const safe = name.replace(/[^\w.-]+/g, '_').slice(0, 120);
      const uri = (side: 'left' | 'right') =>
        vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${safe}.${side}.md`, query: key });
      await vscode.commands.executeCommand('vscode.diff', uri('left'), uri('right'), title, {
        preview: true,
      });
    },
  };
}

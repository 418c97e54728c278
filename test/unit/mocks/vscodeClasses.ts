// Value classes and enums of the `vscode` module, as far as the extension uses them; part of the
// mock in vscode.ts, which re-exports them.
import * as path from 'node:path';

type Listener<T> = (value: T) => void;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id: string | undefined;
  description: string | undefined;
  tooltip: string | undefined;
  iconPath: ThemeIcon | undefined;
  contextValue: string | undefined;
  resourceUri: Uri | undefined;
  command: { command: string; title: string; arguments?: unknown[] } | undefined;
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState,
  ) {}
}

export class RelativePattern {
  constructor(
    readonly base: Uri,
    readonly pattern: string,
  ) {}
}

export interface FakeTreeDataProvider {
  getTreeItem(node: unknown): TreeItem;
  getChildren(node?: unknown): Promise<unknown[]>;
  onDidChangeTreeData: (listener: () => void) => { dispose(): void };
}

export class FakeFileSystemWatcher {
  readonly created = new EventEmitter<Uri>();
  readonly changed = new EventEmitter<Uri>();
  readonly deleted = new EventEmitter<Uri>();
  readonly onDidCreate = this.created.event;
  readonly onDidChange = this.changed.event;
  readonly onDidDelete = this.deleted.event;
  disposed = false;
  constructor(readonly pattern: RelativePattern) {}
  dispose(): void {
    this.disposed = true;
  }
}

export class Uri {
  private constructor(
    readonly fsPath: string,
    readonly scheme = 'file',
    readonly query = '',
  ) {}
  get path(): string {
    return this.fsPath;
  }
  static file(p: string): Uri {
    return new Uri(p);
  }
  static from(parts: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(parts.path ?? '', parts.scheme, parts.query ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(path.join(base.fsPath, ...segments), base.scheme, base.query);
  }
  toString(): string {
    return this.scheme === 'file' ? `file://${this.fsPath}` : `${this.scheme}:${this.fsPath}?${this.query}`;
  }
}

/** Records which parts were escaped text and which were markdown, so tests can tell them apart. */
export class MarkdownString {
  readonly textParts: string[] = [];
  readonly markdownParts: string[] = [];
  isTrusted: boolean | { enabledCommands: readonly string[] } | undefined;
  value = '';
  appendText(text: string): this {
    this.textParts.push(text);
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    return this;
  }
  appendMarkdown(markdown: string): this {
    this.markdownParts.push(markdown);
    this.value += markdown;
    return this;
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
}

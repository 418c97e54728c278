// A minimal stand-in for the `vscode` module: just the API surface the extension uses, recording
// what it was asked to do, so the wiring in src/ can be exercised without an editor.
// Loaded in place of 'vscode' by installVscodeMock.ts.
import * as path from 'node:path';
import {
  EventEmitter,
  FakeFileSystemWatcher,
  MarkdownString,
  ProgressLocation,
  RelativePattern,
  ThemeColor,
  Uri,
  type FakeTreeDataProvider,
} from './vscodeClasses';

export * from './vscodeClasses';

export interface ShownMessage {
  severity: 'error' | 'warning' | 'info';
  message: string;
  items: string[];
}

/** What tests read and steer. */
export const recorded = {
  messages: [] as ShownMessage[],
  executed: [] as { command: string; args: unknown[] }[],
  context: new Map<string, unknown>(),
  statusBarItems: [] as FakeStatusBarItem[],
  panels: [] as FakeWebviewPanel[],
  logLines: [] as string[],
  /** How often the log channel was brought into view. */
  logShown: 0,
  progress: [] as { location: ProgressLocation; title?: string }[],
  config: new Map<string, unknown>(),
  trusted: true,
  workspaceFolder: undefined as string | undefined,
  treeViews: new Map<string, FakeTreeDataProvider>(),
  watchers: [] as FakeFileSystemWatcher[],
  /** What the folder picker returns; undefined: the user cancelled it. */
  openDialogAnswer: undefined as Uri[] | undefined,
  /** The button a test "clicks" on notifications with buttons; undefined: the user never acts. */
  answer: undefined as string | undefined,
  /** Absolute paths findFiles returns: the workspace's run config files (none by default). */
  configFiles: [] as string[],
  /** The labels each QuickPick offered, and the label a test picks; undefined: cancelled. */
  quickPicks: [] as string[][],
  quickPickAnswer: undefined as string | undefined,
  openedDocuments: [] as string[],
};

class FakeStatusBarItem {
  text = '';
  tooltip: string | MarkdownString | undefined;
  name: string | undefined;
  command: string | undefined;
  backgroundColor: ThemeColor | undefined;
  visible = false;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  dispose(): void {
    this.visible = false;
  }
}

class FakeWebview {
  options: unknown;
  html = '';
  readonly cspSource = 'vscode-webview://fake';
  readonly posted: unknown[] = [];
  readonly fromView = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.fromView.event;
  asWebviewUri(uri: Uri): Uri {
    return uri;
  }
  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(structuredClone(message));
    return Promise.resolve(true);
  }
}

export class FakeWebviewPanel {
  readonly webview = new FakeWebview();
  visible = true;
  private readonly disposeEmitter = new EventEmitter<void>();
  private readonly viewStateEmitter = new EventEmitter<unknown>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewStateEmitter.event;
  constructor(
    readonly viewType: string,
    readonly title: string,
  ) {}
  reveal(): void {
    this.setVisible(true);
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewStateEmitter.fire({ webviewPanel: this });
  }
  dispose(): void {
    this.disposeEmitter.fire();
  }
}

const registeredCommands = new Map<string, (...args: unknown[]) => unknown>();
const serializers = new Map<
  string,
  { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> }
>();

function show(severity: ShownMessage['severity']) {
  return (message: string, ...items: string[]): Promise<string | undefined> => {
    recorded.messages.push({ severity, message, items });
    if (items.length === 0) return Promise.resolve(undefined);
    // As in VS Code, a notification with buttons settles only when the user acts on it.
    return recorded.answer === undefined ? new Promise(() => undefined) : Promise.resolve(recorded.answer);
  };
}

export const window = {
  createOutputChannel: (_name: string, _options: { log: true }) => {
    const line = (level: string) => (message: string | Error) =>
      recorded.logLines.push(`${level} ${String(message instanceof Error ? message.message : message)}`);
    return {
      trace: line('trace'),
      info: line('info'),
      warn: line('warn'),
      error: line('error'),
      show: () => {
        recorded.logShown += 1;
      },
      dispose: () => undefined,
    };
  },
  showQuickPick: <T extends { label: string }>(items: T[]): Promise<T | undefined> => {
    recorded.quickPicks.push(items.map((i) => i.label));
    return Promise.resolve(items.find((i) => i.label === recorded.quickPickAnswer));
  },
  showTextDocument: (uri: Uri): Promise<undefined> => {
    recorded.openedDocuments.push(uri.fsPath);
    return Promise.resolve(undefined);
  },
  showErrorMessage: show('error'),
  showWarningMessage: show('warning'),
  showInformationMessage: show('info'),
  withProgress: <R>(
    options: { location: ProgressLocation; title?: string },
    task: (
      progress: { report(value: unknown): void },
      token: { onCancellationRequested(l: () => void): unknown },
    ) => Promise<R>,
  ): Promise<R> => {
    recorded.progress.push({ location: options.location, title: options.title });
    return task(
      { report: () => undefined },
      { onCancellationRequested: () => ({ dispose: () => undefined }) },
    );
  },
  createStatusBarItem: () => {
    const item = new FakeStatusBarItem();
    recorded.statusBarItems.push(item);
    return item;
  },
  createWebviewPanel: (viewType: string, title: string) => {
    const panel = new FakeWebviewPanel(viewType, title);
    recorded.panels.push(panel);
    return panel;
  },
  createTreeView: (id: string, options: { treeDataProvider: FakeTreeDataProvider }) => {
    recorded.treeViews.set(id, options.treeDataProvider);
    return { dispose: () => recorded.treeViews.delete(id) };
  },
  showOpenDialog: (_options: unknown): Promise<Uri[] | undefined> =>
    Promise.resolve(recorded.openDialogAnswer),
  registerWebviewPanelSerializer: (
    viewType: string,
    serializer: { deserializeWebviewPanel(panel: unknown, state: unknown): Promise<void> },
  ) => {
    serializers.set(viewType, serializer);
    return { dispose: () => serializers.delete(viewType) };
  },
};

export const commands = {
  registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
    registeredCommands.set(id, handler);
    return { dispose: () => registeredCommands.delete(id) };
  },
  executeCommand: async (command: string, ...args: unknown[]): Promise<unknown> => {
    recorded.executed.push({ command, args });
    if (command === 'setContext') {
      recorded.context.set(String(args[0]), args[1]);
      return undefined;
    }
    return registeredCommands.get(command)?.(...args);
  },
};

export const workspace = {
  get isTrusted(): boolean {
    return recorded.trusted;
  },
  get workspaceFolders() {
    return recorded.workspaceFolder === undefined ? undefined : [{ uri: Uri.file(recorded.workspaceFolder) }];
  },
  createFileSystemWatcher: (pattern: RelativePattern) => {
    const watcher = new FakeFileSystemWatcher(pattern);
    recorded.watchers.push(watcher);
    return watcher;
  },
  findFiles: (_include: string, _exclude: string, _max: number): Promise<Uri[]> =>
    Promise.resolve(recorded.configFiles.map((f) => Uri.file(f))),
  asRelativePath: (uri: Uri): string =>
    recorded.workspaceFolder === undefined ? uri.fsPath : path.relative(recorded.workspaceFolder, uri.fsPath),
  onDidChangeConfiguration: (_listener: unknown) => ({ dispose: () => undefined }),
  registerTextDocumentContentProvider: (scheme: string, provider: TextDocumentContentProvider) => {
    contentProviders.set(scheme, provider);
    return { dispose: () => contentProviders.delete(scheme) };
  },
  onDidChangeWorkspaceFolders: (_listener: unknown) => ({ dispose: () => undefined }),
  getConfiguration: (section: string) => ({
    get: <T>(key: string, fallback: T): T =>
      (recorded.config.get(`${section}.${key}`) as T | undefined) ?? fallback,
  }),
};

interface TextDocumentContentProvider {
  provideTextDocumentContent(uri: Uri): string;
}
const contentProviders = new Map<string, TextDocumentContentProvider>();

/** Test helper: what a virtual document of a registered content provider holds. */
export function virtualDocumentText(uri: Uri): string {
  const provider = contentProviders.get(uri.scheme);
  if (provider === undefined) throw new Error(`no content provider for ${uri.scheme}:`);
  return provider.provideTextDocumentContent(uri);
}

/** Test helper: the command ids the extension registered. */
export function registeredCommandIds(): string[] {
  return [...registeredCommands.keys()];
}

/** Test helper: what VS Code does after a reload that had an inspector open. */
export function restorePanel(viewType: string): Promise<FakeWebviewPanel> {
  const panel = new FakeWebviewPanel(viewType, 'restored');
  recorded.panels.push(panel);
  const serializer = serializers.get(viewType);
  if (serializer === undefined) throw new Error(`no serializer for ${viewType}`);
  return serializer.deserializeWebviewPanel(panel, undefined).then(() => panel);
}

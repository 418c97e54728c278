// Types for codeServer.mjs, shared by `npm start` (JS) and the integration drivers (TS).
export const repoRoot: string;
export const codeServerEntry: string;

export interface CodeServer {
  readonly port: number;
  readonly origin: string;
  readonly pid: number;
  /** Settles when the code-server process exits. */
  readonly exited: Promise<unknown>;
  /** The URL that opens `folder` with this repo as the extension under development (and a test module, if given). */
  url(folder: string, extra?: { extensionTestsPath?: string }): string;
  /** Stops code-server's whole process group; idempotent. */
  stop(): Promise<void>;
}

export function startCodeServer(options: {
  workspace: string;
  logFile?: string;
  env?: Record<string, string>;
  scratch?: string;
  /** A fixed port; a free one by default. */
  port?: number;
}): Promise<CodeServer>;

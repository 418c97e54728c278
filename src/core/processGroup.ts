// Starts a child as the leader of its own process group and stops the whole group, so workers
// a trainer spawns (data loaders, retrieval servers) never outlive it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: Error;
}

export interface SupervisedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number | undefined;
  /** Resolves once the leader has exited and its output has been read (or a short grace ran out). */
  readonly exited: Promise<ExitInfo>;
  readonly hasExited: boolean;
  signalGroup(signal: NodeJS.Signals): void;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

// After the leader exits, stdout may still hold lines; 'close' normally follows at once, but a
// surviving grandchild can keep the pipe open, so do not wait for it forever.
const CLOSE_AFTER_EXIT_MS = 500;

export function spawnProcessGroup(argv: readonly string[], options: SpawnOptions = {}): SupervisedProcess {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('spawnProcessGroup: empty command line');
  // No shell: every argument reaches the program verbatim, whatever quotes or spaces it holds.
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: process.platform !== 'win32',
    shell: false,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let hasExited = false;

  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };

  const exited = new Promise<ExitInfo>((resolve) => {
    let info: ExitInfo | undefined;
    const finish = (): void => {
      if (info === undefined || hasExited) return;
      hasExited = true;
      // The leader is gone; anything left in its group is an orphan.
      signalGroup('SIGKILL');
      resolve(info);
    };
    child.once('error', (spawnError) => {
      info ??= { code: null, signal: null, spawnError };
      if (child.pid === undefined) finish();
    });
    child.once('exit', (code, signal) => {
      info ??= { code, signal };
      setTimeout(finish, CLOSE_AFTER_EXIT_MS).unref();
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      info ??= { code, signal };
      finish();
    });
  });

  return {
    child,
    get pid() {
      return child.pid;
    },
    exited,
    get hasExited() {
      return hasExited;
    },
    signalGroup,
  };
}

export interface StopOptions {
  /** Asks the process to stop on its own (e.g. a protocol command); errors are ignored. */
  requestStop?: () => void;
  /** How long to wait for a requested stop before SIGTERM. */
  graceMs: number;
  /** How long to wait after SIGTERM before SIGKILL. */
  termMs: number;
}

export type StopOutcome = 'exited' | 'terminated' | 'killed';

/** Graceful stop: ask, wait; SIGTERM the group, wait; SIGKILL the group. */
export async function stopProcessGroup(proc: SupervisedProcess, options: StopOptions): Promise<StopOutcome> {
  if (proc.hasExited) return 'exited';
  if (options.requestStop !== undefined) {
    try {
      options.requestStop();
    } catch {
      // The stdin pipe may already be closed; the signals below still apply.
    }
    if (await exitsWithin(proc, options.graceMs)) return 'exited';
  }
  proc.signalGroup('SIGTERM');
  if (await exitsWithin(proc, options.termMs)) return 'terminated';
  proc.signalGroup('SIGKILL');
  await proc.exited;
  return 'killed';
}

function exitsWithin(proc: SupervisedProcess, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void proc.exited.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

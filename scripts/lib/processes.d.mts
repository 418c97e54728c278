// Types for processes.mjs, so the TypeScript integration drivers can share it with the .mjs scripts.
import type { ChildProcess } from 'node:child_process';

export function freePort(): Promise<number>;
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean;
export function killGroup(child: ChildProcess, graceMs?: number): Promise<void>;
export function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs?: number,
): Promise<T>;

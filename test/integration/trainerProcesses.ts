// Finds `searchr2 train` processes that belong to one test workspace. Other work on the same
// machine may train too, so only processes whose arguments or cwd lie under our folder count.
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';

export interface TrainerProcess {
  pid: number;
  args: string;
}

export function trainerProcessesUnder(folder: string): TrainerProcess[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), args: match[2]! }))
    .filter(({ args }) => /searchr2/.test(args) && /\btrain\b/.test(args))
    .filter(({ pid, args }) => args.includes(folder) || cwdOf(pid)?.startsWith(folder));
}

function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/** Last-resort cleanup after a failed run: nothing we started may keep a CPU core busy. */
export function killTrainersUnder(folder: string): number[] {
  const pids = trainerProcessesUnder(folder).map(({ pid }) => pid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids;
}

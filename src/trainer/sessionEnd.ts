// Decides how a run ended — cleanly stopped or crashed — and says so in one line for the user.
import type { ExitInfo } from '../core/processGroup';
import type { ErrorEvent, StoppedEvent } from '../protocol/generated';

export interface SessionEnd {
  state: 'stopped' | 'crashed';
  message: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The trainer's last stderr lines: the likely cause when it crashed. */
  stderrTail: string[];
}

/** start() failed: the trainer exited or was given up on before `run_started`. */
export class TrainerStartError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string[],
  ) {
    super(message);
  }
}

export interface EndFacts {
  exit: ExitInfo;
  /** Set when the editor gave up on the trainer (bad handshake, no answer in time). */
  startFailure?: string;
  fatalError?: ErrorEvent;
  stopped?: StoppedEvent;
  stopRequested: boolean;
  program: string;
}

export function describeEnd(facts: EndFacts): { state: SessionEnd['state']; message: string } {
  const { exit, stopped } = facts;
  if (exit.spawnError !== undefined) {
    return { state: 'crashed', message: `could not start ${facts.program}: ${exit.spawnError.message}` };
  }
  if (facts.startFailure !== undefined) return { state: 'crashed', message: facts.startFailure };
  if (facts.fatalError !== undefined) {
    const hint = facts.fatalError.hint === undefined ? '' : ` ${facts.fatalError.hint}`;
    return { state: 'crashed', message: `${sentence(facts.fatalError.message)}${hint}` };
  }
  if (stopped !== undefined && stopped.reason !== 'error' && exit.code === 0) {
    const how = stopped.reason === 'completed' ? 'completed' : 'stopped';
    return { state: 'stopped', message: `Run ${how} at step ${stopped.step}.` };
  }
  if (facts.stopRequested) {
    // The user asked for the stop, so this is not a crash even if it took a signal to get there.
    const how = exit.signal !== null ? ` (it did not stop in time and was ended with ${exit.signal})` : '';
    return { state: 'stopped', message: `Run stopped${how}.` };
  }
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
  const when = stopped === undefined ? ' without saying why' : ` after reporting '${stopped.reason}'`;
  return { state: 'crashed', message: `The trainer ${how}${when}.` };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

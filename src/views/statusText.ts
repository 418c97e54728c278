// What the status bar says about a run. Pure, so every state's wording is unit-tested.
import type { RunStatus } from '../protocol/webviewMessages';

export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** Crashes get the error background so they are not missed. */
  isError: boolean;
  visible: boolean;
}

const ICONS: Record<RunStatus['state'], string> = {
  idle: '$(beaker)',
  starting: '$(loading~spin)',
  running: '$(beaker)',
  paused: '$(debug-pause)',
  stopping: '$(loading~spin)',
  stopped: '$(beaker)',
  crashed: '$(error)',
};

export function presentStatus(status: RunStatus): StatusPresentation {
  const steps =
    status.step !== undefined && status.maxSteps !== undefined
      ? ` · step ${status.step}/${status.maxSteps}`
      : '';
  const text = `${ICONS[status.state]} Search-R2: ${status.state}${status.state === 'starting' ? '…' : steps}`;
  const lines = [
    `Search-R2 run: ${status.state}`,
    status.runId !== undefined ? `Run: ${status.runId}` : undefined,
    status.runDir !== undefined ? `Folder: ${status.runDir}` : undefined,
    status.message,
    'Click to open the inspector.',
  ];
  return {
    text,
    tooltip: lines.filter((l): l is string => l !== undefined && l.length > 0).join('\n'),
    isError: status.state === 'crashed',
    visible: status.state !== 'idle',
  };
}

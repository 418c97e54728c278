// What the status bar says about a run. Pure, so every state's wording is unit-tested.
import type { RunStatus } from '../protocol/webviewMessages';

export interface StatusLink {
  title: string;
  command: 'searchr2.openInspector' | 'searchr2.stopTraining';
}

export interface StatusPresentation {
  text: string;
  /** Plain text (it may quote the trainer), one paragraph each; the caller escapes it. */
  tooltipLines: string[];
  /** Commands offered in the tooltip; the only ones its markdown may run. */
  links: StatusLink[];
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

const STOPPABLE = new Set<RunStatus['state']>(['starting', 'running', 'paused']);

/** `rewardMean`: from the run's latest training metrics, when it has reported any. */
export function presentStatus(status: RunStatus, rewardMean?: number): StatusPresentation {
  const steps =
    status.step !== undefined && status.maxSteps !== undefined
      ? ` · step ${status.step}/${status.maxSteps}`
      : '';
  const reward =
    rewardMean !== undefined && Number.isFinite(rewardMean) ? ` · reward ${formatReward(rewardMean)}` : '';
  const text = `${ICONS[status.state]} Search-R2: ${status.state}${status.state === 'starting' ? '…' : steps + reward}`;
  const lines = [
    `Search-R2 run: ${status.state}`,
    status.runId !== undefined ? `Run: ${status.runId}` : undefined,
    status.runDir !== undefined ? `Folder: ${status.runDir}` : undefined,
    reward !== '' ? `Last mean reward: ${formatReward(rewardMean ?? 0)}` : undefined,
    status.message,
    'Click to open the inspector.',
  ];
  const links: StatusLink[] = [{ title: 'Open Inspector', command: 'searchr2.openInspector' }];
  if (STOPPABLE.has(status.state)) links.push({ title: 'Stop', command: 'searchr2.stopTraining' });
  return {
    text,
    tooltipLines: lines.filter((l): l is string => l !== undefined && l.length > 0),
    links,
    isError: status.state === 'crashed',
    visible: status.state !== 'idle',
  };
}

function formatReward(value: number): string {
  return value.toFixed(2);
}

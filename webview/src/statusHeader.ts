// The run header: state, progress and message of the current run, with Start/Stop buttons that ask
// the host to run the contributed commands (the host decides; the view only asks).
import type { RunState, RunStatus } from '../../src/protocol/webviewMessages';
import { h } from './dom';
import { singleLine } from './displayText';
import type { HostClient } from './hostClient';
import type { InspectorStore } from './store';

const stateLabels: Record<RunState, string> = {
  idle: 'Idle',
  starting: 'Starting',
  running: 'Running',
  paused: 'Paused',
  stopping: 'Stopping',
  stopped: 'Stopped',
  crashed: 'Crashed',
};

const activeStates = new Set<RunState>(['starting', 'running', 'paused', 'stopping']);

function progressText(status: RunStatus): string {
  if (status.step === undefined) return '';
  return status.maxSteps === undefined ? `step ${status.step}` : `step ${status.step} / ${status.maxSteps}`;
}

function commandButton(label: string, testId: string, secondary: boolean, onClick: () => void) {
  const button = document.createElement('vscode-button');
  button.dataset.testid = testId;
  button.secondary = secondary;
  button.append(label);
  button.addEventListener('click', () => {
    if (!button.disabled) onClick();
  });
  return button;
}

export class StatusHeader {
  readonly element: HTMLElement;
  private readonly badge = document.createElement('vscode-badge');
  private readonly progress = h('span', { className: 'run-progress', testId: 'run-progress' });
  private readonly message = h('span', { className: 'run-message', testId: 'run-message' });
  private readonly count = h('span', { className: 'rollout-count', testId: 'rollout-count' });
  private readonly startButton;
  private readonly stopButton;

  constructor(
    private readonly store: InspectorStore,
    host: HostClient,
    /** Controls of other views shown in the header (the charts toggle). */
    extras: readonly HTMLElement[] = [],
  ) {
    this.startButton = commandButton('Start Training', 'start-button', false, () =>
      host.send({ type: 'runCommand', command: 'searchr2.startTraining' }),
    );
    this.stopButton = commandButton('Stop', 'stop-button', true, () =>
      host.send({ type: 'runCommand', command: 'searchr2.stopTraining' }),
    );
    this.badge.className = 'run-state';
    this.element = h(
      'header',
      { className: 'status-header', testId: 'run-status' },
      h('span', { className: 'product-name' }, 'Search-R2'),
      // Only the run state is a live region: the rollout count changes too often to announce.
      h(
        'span',
        { className: 'run-summary', attrs: { role: 'status' } },
        this.badge,
        this.progress,
        this.message,
      ),
      h('span', { className: 'spacer' }),
      this.count,
      ...extras,
      this.startButton,
      this.stopButton,
    );
    store.subscribe((change) => {
      if (change.kind === 'status' || change.kind === 'reset') this.renderStatus();
      if (change.kind === 'reset' || change.kind === 'appended') this.renderCount();
    });
    this.renderStatus();
    this.renderCount();
  }

  private renderStatus(): void {
    const status = this.store.status;
    const label = stateLabels[status.state] ?? 'Unknown';
    this.badge.textContent = label;
    this.element.dataset.state = status.state;
    this.progress.textContent = progressText(status);
    this.message.textContent = singleLine(status.message, 500);
    this.message.title = singleLine(status.message, 2000);
    const active = activeStates.has(status.state);
    this.startButton.disabled = active;
    this.stopButton.disabled = !active || status.state === 'stopping';
  }

  private renderCount(): void {
    const n = this.store.rollouts.length;
    this.count.textContent = `${n.toLocaleString('en-US')} rollout${n === 1 ? '' : 's'}`;
  }
}

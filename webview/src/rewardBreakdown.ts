// How the reward was made, with the rollout's own numbers: R = r_outcome × (1 + r_process), where
// r_process is the share of searches whose documents the judge found useful, then the advantage
// GRPO derived from R (and, with the step scorer on, its term). Shown only when the run reports r_outcome (older runs did not).
import './styles/reward.css';
import type { Rollout } from '../../src/protocol/generated';
import { h } from './dom';
import { formatMetric, singleLine } from './displayText';
import {
  advantageOf,
  collectionsOf,
  methodOf,
  outcomeRewardOf,
  processRewardOf,
  scorerRewardOf,
} from './rolloutFields';

// Methods whose reward is the outcome alone (no judge runs, r_process is 0 by construction).
const OUTCOME_ONLY = new Set(['search_r1', 'refiner']);

function line(testId: string, ...parts: (string | HTMLElement)[]): HTMLElement {
  return h('div', { className: 'reward-line', testId }, ...parts);
}

function processLine(rollout: Rollout, rProcess: number): HTMLElement {
  const collections = collectionsOf(rollout) ?? [];
  const total = collections.length;
  if (total === 0) return line('process-count', `r_process = ${formatMetric(rProcess)} (no searches judged)`);
  const useful = collections.filter((c) => c.useful && c.parsed).length;
  const unparsable = collections.filter((c) => !c.parsed).length;
  return line(
    'process-count',
    `r_process = ${useful} of ${total} search${total === 1 ? '' : 'es'} useful = ${formatMetric(rProcess)}`,
    unparsable === 0
      ? ''
      : ` (${unparsable} unparsable judge repl${unparsable === 1 ? 'y' : 'ies'} counted as not useful)`,
  );
}

function advantageLine(rollout: Rollout): HTMLElement | null {
  const advantage = advantageOf(rollout);
  if (advantage === undefined) return null;
  const sign = advantage > 0 ? '+' : '';
  const rPrm = scorerRewardOf(rollout);
  // The step scorer's r_prm is not part of R: the trainer adds it to the advantage instead,
  // so a reader comparing R with the advantage needs to know the second term is there.
  const how =
    rPrm === undefined
      ? 'R against its GRPO group'
      : `R against its GRPO group, plus the step scorer\u2019s term: ` +
        `prm_weight \u00D7 (r_prm \u2212 the group\u2019s mean r_prm), r_prm = ${formatMetric(rPrm)}`;
  return line('advantage-line', `advantage = ${sign}${formatMetric(advantage)} (${how})`);
}

/** A reported R that the formula does not give is shown, not silently replaced. */
function mismatch(reported: unknown, computed: number): string {
  if (typeof reported !== 'number' || !Number.isFinite(reported)) return '';
  return Math.abs(reported - computed) > 1e-6 ? ` \u2014 the run reported R = ${formatMetric(reported)}` : '';
}

export function rewardBreakdown(rollout: Rollout): HTMLElement | null {
  const rOutcome = outcomeRewardOf(rollout);
  if (rOutcome === undefined) return null;
  const method = methodOf(rollout);
  const rProcess = processRewardOf(rollout);
  const lines: (HTMLElement | null)[] = [];
  if (method !== undefined && OUTCOME_ONLY.has(method)) {
    const why = `outcome reward only: method ${singleLine(method, 40)}`;
    lines.push(
      line(
        'reward-formula',
        `R = r_outcome = ${formatMetric(rOutcome)} (${why})${mismatch(rollout.reward, rOutcome)}`,
      ),
    );
  } else if (rProcess === undefined) {
    lines.push(
      line(
        'reward-formula',
        `R = ${formatMetric(rollout.reward)} (r_outcome ${formatMetric(rOutcome)}; r_process not recorded)`,
      ),
    );
  } else {
    const computed = rOutcome * (1 + rProcess);
    lines.push(
      line(
        'reward-formula',
        `R = r_outcome \u00D7 (1 + r_process) = ${formatMetric(rOutcome)} \u00D7 (1 + ${formatMetric(rProcess)}) = ${formatMetric(computed)}`,
        mismatch(rollout.reward, computed),
      ),
      processLine(rollout, rProcess),
    );
    if (rOutcome === 0 && rProcess > 0) {
      lines.push(
        h('div', { className: 'muted' }, 'The answer is wrong, so the useful searches add nothing to R.'),
      );
    }
  }
  lines.push(advantageLine(rollout));
  return h(
    'section',
    { className: 'reward-breakdown', testId: 'reward-breakdown' },
    h('div', { className: 'section-label' }, 'Reward'),
    ...lines,
  );
}

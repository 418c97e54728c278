// Small builders shared by the host-side unit tests: the least a rollout needs to pass the
// protocol types, and a RunModel tracking a session whose events the test fires itself.
import { Emitter } from '../../src/core/emitter';
import type { Event, Rollout } from '../../src/protocol/generated';
import type { RunState } from '../../src/protocol/webviewMessages';
import { RunModel } from '../../src/trainer/runModel';
import type { SessionEnd } from '../../src/trainer/sessionEnd';

export const minimalRollout = (id: string, step = 0): Rollout => ({
  id,
  step,
  group_id: 'g',
  question_id: 'q',
  question: 'q?',
  golden_answers: [],
  turns: [],
  answer: null,
  em: 0,
  reward: 0,
  n_searches: 0,
});

export function trackedRunModel(runDir = '/r', maxSteps = 5) {
  const state = new Emitter<RunState>();
  const events = new Emitter<Event>();
  const source = {
    onDidChangeState: state.event,
    onDidReceiveEvent: events.event,
    onDidEnd: new Emitter<SessionEnd>().event,
  };
  const model = new RunModel();
  model.track(source, { runDir, maxSteps });
  return { model, state, events, source };
}

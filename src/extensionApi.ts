// The live view of the run that activate() hands to integration tests and other extensions.
// Read-only: state changes only through the contributed commands.
import type { SearchR2Api } from './api';
import type { InspectorSource } from './panel/inspectedRun';

export function createExtensionApi(
  model: InspectorSource,
  trainerPid: () => number | undefined,
): SearchR2Api {
  return {
    get status() {
      return model.status;
    },
    get rollouts() {
      return model.rollouts;
    },
    get trainerPid() {
      return trainerPid();
    },
    onDidChangeStatus: (listener) => model.onDidChangeStatus(listener),
    onDidReceiveRollouts: (listener) => model.onDidReceiveRollouts(listener),
  };
}

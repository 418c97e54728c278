// GRPO groups: the rollouts that share a `group_id` (the siblings sampled for one question at one
// step), as store indices in arrival order. Maintained incrementally as rollouts arrive.
import type { Rollout } from '../../src/protocol/generated';
import type { InspectorStore, StoreChange } from './store';

export class GroupIndex {
  private groups = new Map<string, number[]>();

  constructor(private readonly store: InspectorStore) {
    store.subscribe((change) => this.onStoreChange(change));
  }

  /** The rollout's group in arrival order, itself included; just itself when it has no group id. */
  siblingsOf(rollout: Rollout): Rollout[] {
    const groupId = rollout.group_id;
    const indices = typeof groupId === 'string' ? this.groups.get(groupId) : undefined;
    if (indices === undefined) return [rollout];
    return indices.flatMap((index) => this.store.rollouts[index] ?? []);
  }

  private onStoreChange(change: StoreChange): void {
    if (change.kind !== 'reset' && change.kind !== 'appended') return;
    if (change.kind === 'reset') this.groups = new Map();
    const rollouts = this.store.rollouts;
    for (let index = change.kind === 'reset' ? 0 : change.from; index < rollouts.length; index++) {
      const groupId = rollouts[index]?.group_id;
      if (typeof groupId !== 'string') continue;
      const members = this.groups.get(groupId);
      if (members === undefined) this.groups.set(groupId, [index]);
      else members.push(index);
    }
  }
}

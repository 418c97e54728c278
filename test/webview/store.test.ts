// The inspector store without a browser: ordering, de-duplication, selection across resets, and
// statuses that arrive broken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InspectorStore, type StoreChange } from '../../webview/src/store';
import { syntheticRollouts } from './rollouts';

test('keeps arrival order, indexes by id and skips ids it already has', () => {
  const store = new InspectorStore();
  const changes: StoreChange[] = [];
  store.subscribe((change) => changes.push(change));
  const rollouts = syntheticRollouts(5);
  store.reset({ state: 'running' }, rollouts.slice(0, 3));
  store.append(rollouts.slice(2));
  store.append(rollouts.slice(4)); // nothing new: no change event
  assert.deepEqual(
    store.rollouts.map((r) => r.id),
    rollouts.map((r) => r.id),
  );
  assert.equal(store.indexOf(rollouts[3]?.id), 3);
  assert.equal(store.indexOf('missing'), -1);
  assert.deepEqual(changes, [{ kind: 'reset' }, { kind: 'appended', from: 3 }]);
});

test('a selection survives a reset and resolves once its rollout arrives', () => {
  const store = new InspectorStore();
  const [first, second] = syntheticRollouts(2);
  assert.ok(first && second);
  store.select(second.id);
  assert.equal(store.get(store.selectedId), undefined);
  store.reset({ state: 'idle' }, [first]);
  assert.equal(store.selectedId, second.id);
  store.append([second]);
  assert.equal(store.get(store.selectedId)?.id, second.id);
});

test('a missing or unknown run state reads as idle', () => {
  const store = new InspectorStore();
  store.reset(undefined, []);
  assert.equal(store.status.state, 'idle');
  store.setStatus({ state: 'exploded', message: 'x' });
  assert.deepEqual(store.status, { state: 'idle', message: 'x' });
  store.setStatus({ state: 'paused', step: 4 });
  assert.deepEqual(store.status, { state: 'paused', step: 4 });
});

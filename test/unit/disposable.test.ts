import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Disposable, toDisposable } from '../../src/core/disposable';

class Owner extends Disposable {
  own(fn: () => void): void {
    this._register(toDisposable(fn));
  }
}

test('dispose runs each registered cleanup once, last first, even when one throws', () => {
  const calls: string[] = [];
  const owner = new Owner();
  owner.own(() => calls.push('a'));
  owner.own(() => {
    throw new Error('broken cleanup');
  });
  owner.own(() => calls.push('c'));
  owner.dispose();
  owner.dispose();
  assert.deepEqual(calls, ['c', 'a']);
});

test('registering on a disposed owner disposes at once', () => {
  const owner = new Owner();
  owner.dispose();
  let disposed = false;
  owner.own(() => (disposed = true));
  assert.equal(disposed, true);
});

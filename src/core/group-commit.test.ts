import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGroupCommit } from './group-commit.js';

describe('group commit', () => {
  it('writes the items of one turn in one call, and answers each after it', async () => {
    const calls: number[][] = [];
    const commit = createGroupCommit<number>(async (items) => void calls.push(items), { maxBatch: 100, maxWaiting: 1_000 });
    await Promise.all([1, 2, 3, 4].map((n) => commit(n)));
    assert.deepEqual(calls, [[1, 2, 3, 4]]);
  });

  it('fails every caller of a failed write, and none of the next', async () => {
    let fail = true;
    const commit = createGroupCommit<number>(async () => {
      if (fail) throw new Error('disk full');
    }, { maxBatch: 100, maxWaiting: 1_000 });
    const results = await Promise.allSettled([commit(1), commit(2)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    fail = false;
    await commit(3);
  });

  it('refuses new items at once when too many wait (load shedding)', async () => {
    let release = () => {};
    const commit = createGroupCommit<number>(() => new Promise<void>((resolve) => (release = resolve)), { maxBatch: 2, maxWaiting: 3 });
    const accepted = [1, 2, 3].map((n) => commit(n));
    await assert.rejects(commit(4), (error: any) => error.code === 'overloaded');
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await tick();
    release(); // the first batch, [1, 2]
    await tick();
    release(); // the second, [3]
    await Promise.all(accepted);
  });
});

describe('group commit flushing', () => {
  it('resolves flushed() only after every item handed in is written', async () => {
    const written: number[] = [];
    const commit = createGroupCommit<number>(async (items) => void written.push(...items), { maxBatch: 2, maxWaiting: 100 });
    void commit(1);
    void commit(2);
    void commit(3);
    await commit.flushed();
    assert.deepEqual(written, [1, 2, 3]);
  });
});

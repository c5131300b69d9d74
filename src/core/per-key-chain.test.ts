import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPerKeyChain } from './per-key-chain.js';

describe('per-key chain', () => {
  it('keeps the order of each key while a slow first item waits, and lets other keys pass', async () => {
    const done: string[] = [];
    const chain = createPerKeyChain<number>(() => {});
    chain(1, async () => {
      await new Promise((r) => setTimeout(r, 30));
      done.push('1a');
    });
    chain(1, async () => void done.push('1b'));
    chain(2, async () => void done.push('2a'));
    await chain.idle();
    assert.deepEqual(done, ['2a', '1a', '1b']);
  });

  it('goes on after a failed item and reports it', async () => {
    const errors: unknown[] = [];
    const done: string[] = [];
    const chain = createPerKeyChain<number>((e) => errors.push(e));
    chain(1, async () => {
      throw new Error('boom');
    });
    chain(1, async () => void done.push('after'));
    await chain.idle();
    assert.deepEqual(done, ['after']);
    assert.equal((errors[0] as Error).message, 'boom');
  });
});

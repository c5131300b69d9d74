// The transport key store contract, run against every store implementation.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { TransportKeyStore } from './transport.js';

export function describeTransportKeyStoreContract(
  name: string,
  open: () => Promise<{ keys: TransportKeyStore; close(): Promise<void> }>,
): void {
  describe(`${name} transport key store contract`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(() => opened.close());

    it('returns only the keys that exist, by type and instance', async () => {
      await opened.keys.set(1, [
        { type: 'session', id: 'a', value: '{"x":1}' },
        { type: 'pre-key', id: 'a', value: '"other type"' },
      ]);
      await opened.keys.set(2, [{ type: 'session', id: 'b', value: '"other instance"' }]);
      const found = await opened.keys.get(1, 'session', ['a', 'b', 'missing']);
      assert.deepEqual([...found], [['a', '{"x":1}']]);
    });

    it('overwrites a key, deletes it with null, and accepts key types it has never seen', async () => {
      await opened.keys.set(1, [{ type: 'brand-new-type', id: 'k', value: 'v1' }]);
      await opened.keys.set(1, [{ type: 'brand-new-type', id: 'k', value: 'v2' }]);
      assert.equal((await opened.keys.get(1, 'brand-new-type', ['k'])).get('k'), 'v2');
      await opened.keys.set(1, [{ type: 'brand-new-type', id: 'k', value: null }]);
      assert.equal((await opened.keys.get(1, 'brand-new-type', ['k'])).size, 0);
    });

    it('clears one instance without touching another', async () => {
      await opened.keys.set(1, [{ type: 'session', id: 'a', value: '1' }]);
      await opened.keys.set(2, [{ type: 'session', id: 'a', value: '2' }]);
      await opened.keys.clear(1);
      assert.equal((await opened.keys.get(1, 'session', ['a'])).size, 0);
      assert.equal((await opened.keys.get(2, 'session', ['a'])).get('a'), '2');
    });
  });
}

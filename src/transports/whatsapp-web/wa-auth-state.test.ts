// The WhatsApp Web auth state round trip through the real SQLite store: creds in the instance row, keys
// in the key table, Buffers and protobuf values intact, wiped on logout.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { proto } from 'baileys';
import { createSqliteStores } from '../../store/sqlite/sqlite-stores.js';
import type { Stores } from '../../store/stores.js';
import { aNewInstance } from '../../testing/builders.js';
import { storeBackedAuth } from '../store-backed-auth.js';
import { loadStoredAuthState, wipeStoredAuthState, type AuthStores } from './wa-auth-state.js';

describe('WhatsApp Web auth state in the store', () => {
  let stores: Stores;
  let auth: AuthStores;
  let id: number;

  beforeEach(async () => {
    stores = createSqliteStores({ path: ':memory:' });
    id = (await stores.instances.createInstance(aNewInstance())).idInstance;
    auth = { creds: storeBackedAuth(stores.instances), keys: stores.transportKeys };
  });
  afterEach(() => stores.close());

  it('starts a new instance with fresh, unregistered creds', async () => {
    const { state } = await loadStoredAuthState(id, auth);
    assert.equal(state.creds.registered, false);
    assert.equal(state.creds.noiseKey.public.length, 32);
  });

  it('keeps creds across a reload, key material byte for byte', async () => {
    const first = await loadStoredAuthState(id, auth);
    Object.assign(first.state.creds, { me: { id: '79990000001:7@s.whatsapp.net' }, registered: true });
    await first.saveCreds();
    const again = (await loadStoredAuthState(id, auth)).state.creds;
    assert.equal(again.me?.id, '79990000001:7@s.whatsapp.net');
    assert.equal(again.registered, true);
    assert.ok(Buffer.from(again.noiseKey.private).equals(Buffer.from(first.state.creds.noiseKey.private)));
    assert.ok(Buffer.from(again.signedIdentityKey.public).equals(Buffer.from(first.state.creds.signedIdentityKey.public)));
  });

  it('stores keys before set returns, reads them back typed, and deletes them with null', async () => {
    const { state } = await loadStoredAuthState(id, auth);
    await state.keys.set({
      'pre-key': { '1': { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) } },
      session: { 'a.0': Buffer.from('session bytes') },
      'app-state-sync-key': { AAAA: { keyData: Buffer.from([9, 9]), timestamp: 5 } },
    });
    // A new load reads the table, not a cache: the write was durable when set returned.
    const reloaded = (await loadStoredAuthState(id, auth)).state.keys;
    const preKey = (await reloaded.get('pre-key', ['1', '2']))['1'];
    assert.deepEqual(preKey && [...preKey.public], [1, 2, 3]);
    assert.deepEqual(Object.keys(await reloaded.get('pre-key', ['2'])), []);
    assert.equal(Buffer.from((await reloaded.get('session', ['a.0']))['a.0'] ?? []).toString(), 'session bytes');
    const syncKey = (await reloaded.get('app-state-sync-key', ['AAAA'])).AAAA;
    assert.ok(syncKey instanceof proto.Message.AppStateSyncKeyData);
    assert.deepEqual([...(syncKey.keyData ?? [])], [9, 9]);
    await reloaded.set({ 'pre-key': { '1': null } });
    assert.deepEqual(await reloaded.get('pre-key', ['1']), {});
  });

  it('wipes creds and keys: the next load starts over', async () => {
    const first = await loadStoredAuthState(id, auth);
    first.state.creds.registered = true;
    await first.saveCreds();
    await first.state.keys.set({ session: { x: Buffer.from([1]) } });
    await wipeStoredAuthState(id, auth);
    const next = await loadStoredAuthState(id, auth);
    assert.equal(next.state.creds.registered, false);
    assert.deepEqual(await next.state.keys.get('session', ['x']), {});
    assert.equal((await stores.instances.getInstance(id))?.transportAuth, null);
  });

  it('starts over when the saved auth is not WhatsApp Web creds (left by the sandbox)', async () => {
    await stores.instances.updateInstance(id, { transportAuth: 'a1b2c3-sandbox-device-token' });
    assert.equal((await loadStoredAuthState(id, auth)).state.creds.registered, false);
  });
});

// The instance cache never keeps a record read before a change: a read in flight while settings change
// (a webhook wake-up, a poll) must not hide the new settings for the cache's lifetime.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { soloOwnership } from '../cluster/ownership.js';
import { systemClock } from '../core/clock.js';
import { createSqliteStores } from '../store/sqlite/sqlite-stores.js';
import { createOfflineTransport } from '../transports/offline/offline-transport.js';
import { storeBackedAuth } from '../transports/store-backed-auth.js';
import type { Instance } from './instance.js';
import type { InstanceStore } from './instance-store.js';
import { createInstanceService } from './instance-service.js';

describe('the instance cache', () => {
  it('does not keep a record that was read while the settings changed', async () => {
    const stores = createSqliteStores({ path: join(mkdtempSync(join(tmpdir(), 'waypost-cache-')), 'db.sqlite') });
    let hold: Promise<void> | null = null;
    // The next read gets the record as it is, then is held back until released (a slow read).
    const store: InstanceStore = Object.create(stores.instances, {
      getInstance: {
        value: async (id: number): Promise<Instance | undefined> => {
          const read = await stores.instances.getInstance(id);
          const held = hold;
          hold = null;
          if (held) await held;
          return read;
        },
      },
    });
    const service = createInstanceService({
      store,
      transport: createOfflineTransport(storeBackedAuth(stores.instances), stores.transportKeys),
      clock: systemClock,
      defaultTransport: 'sandbox',
      lanes: { track: () => {}, forget: () => {} },
      ownership: soloOwnership,
      clearQueue: async () => 0,
      onError: (error) => assert.fail(String(error)),
    });
    const { idInstance } = await service.create({ name: 'cached' });
    service.invalidate([idInstance]);

    let release = () => {};
    hold = new Promise((resolve) => (release = resolve));
    const slowRead = service.get(idInstance);
    await service.updateSettings(idInstance, { delaySendMessagesMilliseconds: 700 });
    release();
    assert.equal((await slowRead)!.settings.delaySendMessagesMilliseconds, 500, 'the slow read saw the old record');
    assert.equal((await service.get(idInstance))!.settings.delaySendMessagesMilliseconds, 700, 'the old record was not kept');
    await stores.close();
  });
});

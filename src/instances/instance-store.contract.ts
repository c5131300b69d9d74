// The instance store contract, run against every engine.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Stores } from '../store/stores.js';
import { aButtonsMessage, aNewInstance } from '../testing/builders.js';

export function describeInstanceStoreContract(name: string, open: () => Promise<Stores>): void {
  describe(`${name} instance store contract`, () => {
    let stores: Stores;
    const t0 = Date.UTC(2026, 0, 1);

    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => {
      await stores?.close();
    });

    it('creates instances with distinct 10-digit ids and reads them back', async () => {
      const a = await stores.instances.createInstance(aNewInstance({ name: 'a' }));
      const b = await stores.instances.createInstance(aNewInstance({ name: 'b' }));
      assert.match(String(a.idInstance), /^\d{10}$/);
      assert.equal(a.idInstance, 1101000001);
      assert.equal(typeof a.idInstance, 'number');
      assert.notEqual(a.idInstance, b.idInstance);
      const read = await stores.instances.getInstance(a.idInstance);
      assert.equal(read?.name, 'a');
      assert.equal(read?.state, 'notAuthorized');
      assert.equal(read?.createdAt, t0);
      assert.equal(read?.lastSendAt, null);
      assert.equal(read?.settings.delaySendMessagesMilliseconds, 500);
      assert.deepEqual((await stores.instances.listInstances()).map((i) => i.name), ['a', 'b']);
      assert.equal(await stores.instances.getInstance(999), undefined);
    });

    it('updates settings, state, wid and transport auth', async () => {
      const a = await stores.instances.createInstance(aNewInstance());
      const updated = await stores.instances.updateInstance(a.idInstance, {
        state: 'authorized',
        wid: '79990000001@c.us',
        transportAuth: 'secret-session',
        settings: { ...a.settings, delaySendMessagesMilliseconds: 1500, webhookUrl: 'https://bot.example/hook' },
      });
      assert.equal(updated?.state, 'authorized');
      const read = await stores.instances.getInstance(a.idInstance);
      assert.equal(read?.state, 'authorized');
      assert.equal(read?.wid, '79990000001@c.us');
      assert.equal(read?.transportAuth, 'secret-session');
      assert.equal(read?.settings.delaySendMessagesMilliseconds, 1500);
      assert.equal(read?.settings.webhookUrl, 'https://bot.example/hook');
      await stores.instances.updateInstance(a.idInstance, { transportAuth: null, wid: null });
      assert.equal((await stores.instances.getInstance(a.idInstance))?.transportAuth, null);
    });

    it('deletes an instance once, failing its waiting messages with the reason', async () => {
      const a = await stores.instances.createInstance(aNewInstance());
      const message = aButtonsMessage(a.idInstance);
      await stores.queue.enqueueMessages([message]);
      assert.equal(await stores.instances.deleteInstance(a.idInstance, t0, 'instance deleted'), true);
      assert.equal(await stores.instances.deleteInstance(a.idInstance, t0, 'instance deleted'), false);
      assert.equal((await stores.instances.getInstance(a.idInstance))?.deletedAt, t0);
      const failed = await stores.messages.getMessage(a.idInstance, message.idMessage);
      assert.equal(failed?.status, 'failed');
      assert.equal(failed?.description, 'instance deleted');
      assert.deepEqual(await stores.queue.listQueuedMessages(a.idInstance, 10), []);
      assert.equal((await stores.instances.updateInstance(a.idInstance, { name: 'x' }))?.name, 'test', 'a deleted instance is not changed');
    });
  });
}

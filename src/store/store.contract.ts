// The store contract: every Store implementation (SQLite now, PostgreSQL later) must pass this suite.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { aButtonsMessage, aNewInstance } from '../testing/builders.js';
import type { Store } from './store.js';

export function describeStoreContract(name: string, createStore: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    const t0 = Date.UTC(2026, 0, 1);
    const lease = { now: t0, leaseMs: 30_000 };

    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store?.close();
    });

    describe('instances', () => {
      it('creates instances with distinct 10-digit ids and reads them back', async () => {
        const a = await store.createInstance(aNewInstance({ name: 'a' }));
        const b = await store.createInstance(aNewInstance({ name: 'b' }));
        assert.match(String(a.idInstance), /^\d{10}$/);
        assert.notEqual(a.idInstance, b.idInstance);
        const read = await store.getInstance(a.idInstance);
        assert.equal(read?.name, 'a');
        assert.equal(read?.state, 'notAuthorized');
        assert.equal(read?.settings.delaySendMessagesMilliseconds, 500);
        assert.deepEqual((await store.listInstances()).map((i) => i.name), ['a', 'b']);
      });

      it('updates settings, state, wid and transport auth', async () => {
        const a = await store.createInstance(aNewInstance());
        await store.updateInstance(a.idInstance, {
          state: 'authorized',
          wid: '79990000001@c.us',
          transportAuth: 'secret-session',
          settings: { ...a.settings, delaySendMessagesMilliseconds: 1500 },
        });
        const read = await store.getInstance(a.idInstance);
        assert.equal(read?.state, 'authorized');
        assert.equal(read?.wid, '79990000001@c.us');
        assert.equal(read?.transportAuth, 'secret-session');
        assert.equal(read?.settings.delaySendMessagesMilliseconds, 1500);
      });

      it('deletes an instance once, failing its waiting messages', async () => {
        const a = await store.createInstance(aNewInstance());
        const message = aButtonsMessage(a.idInstance);
        await store.enqueueMessages([message]);
        assert.equal(await store.deleteInstance(a.idInstance, t0), true);
        assert.equal(await store.deleteInstance(a.idInstance, t0), false);
        assert.notEqual((await store.getInstance(a.idInstance))?.deletedAt, null);
        assert.equal((await store.getMessage(a.idInstance, message.idMessage))?.status, 'failed');
        assert.deepEqual(await store.listQueuedMessages(a.idInstance, 10), []);
      });
    });

    describe('queue', () => {
      it('keeps one FIFO per instance and lets one message per instance be in flight', async () => {
        const a = await store.createInstance(aNewInstance());
        const b = await store.createInstance(aNewInstance());
        const [a1, a2, b1] = [aButtonsMessage(a.idInstance), aButtonsMessage(a.idInstance), aButtonsMessage(b.idInstance)];
        await store.enqueueMessages([a1!, b1!]);
        await store.enqueueMessages([a2!]);
        const first = await store.claimNextMessage(a.idInstance, lease);
        assert.equal(first?.idMessage, a1!.idMessage);
        assert.equal(first?.status, 'sending');
        assert.equal(first?.attempts, 1);
        assert.equal(await store.claimNextMessage(a.idInstance, lease), undefined, 'head is in flight');
        assert.equal((await store.claimNextMessage(b.idInstance, lease))?.idMessage, b1!.idMessage);
        await store.finishMessage(a.idInstance, a1!.idMessage, { status: 'sent', at: t0 + 5 });
        assert.equal((await store.getInstance(a.idInstance))?.lastSendAt, t0 + 5);
        assert.equal((await store.claimNextMessage(a.idInstance, lease))?.idMessage, a2!.idMessage);
      });

      it('claims and finishes the heads of many instances in one call each', async () => {
        const [a, b, c] = await Promise.all([1, 2, 3].map(() => store.createInstance(aNewInstance())));
        const [a1, a2, b1] = [aButtonsMessage(a!.idInstance), aButtonsMessage(a!.idInstance), aButtonsMessage(b!.idInstance)];
        await store.enqueueMessages([a1!, a2!, b1!]);
        const claimed = await store.claimNextMessages([a!.idInstance, b!.idInstance, c!.idInstance], lease);
        assert.deepEqual(claimed.map((m) => m.idMessage).sort(), [a1!.idMessage, b1!.idMessage].sort());
        assert.deepEqual(await store.claimNextMessages([a!.idInstance, b!.idInstance], lease), [], 'heads in flight');
        await store.finishMessages([
          { idInstance: a!.idInstance, idMessage: a1!.idMessage, outcome: { status: 'sent', at: t0 + 1 } },
          { idInstance: b!.idInstance, idMessage: b1!.idMessage, outcome: { status: 'noAccount', at: t0 + 2 } },
        ]);
        assert.equal((await store.getMessage(b!.idInstance, b1!.idMessage))?.status, 'noAccount');
        assert.equal((await store.getInstance(a!.idInstance))?.lastSendAt, t0 + 1);
        assert.deepEqual((await store.claimNextMessages([a!.idInstance, b!.idInstance], lease)).map((m) => m.idMessage), [a2!.idMessage]);
      });

      it('keeps the request body and content exactly as accepted', async () => {
        const a = await store.createInstance(aNewInstance());
        const message = aButtonsMessage(a.idInstance, {
          requestBody: { chatId: '79990000002@c.us', message: 'Привет 👋🏽', footer: 'f', buttons: [] },
        });
        await store.enqueueMessages([message]);
        const [queued] = await store.listQueuedMessages(a.idInstance, 10);
        assert.deepEqual(queued?.requestBody, message.requestBody);
        assert.deepEqual(queued?.content, message.content);
        assert.equal(queued?.method, 'sendButtons');
      });

      it('lets another claim take a message whose lease ran out, with the same idMessage', async () => {
        const a = await store.createInstance(aNewInstance());
        const message = aButtonsMessage(a.idInstance);
        await store.enqueueMessages([message]);
        await store.claimNextMessage(a.idInstance, lease);
        const again = await store.claimNextMessage(a.idInstance, { now: t0 + 30_001, leaseMs: 30_000 });
        assert.equal(again?.idMessage, message.idMessage);
        assert.equal(again?.attempts, 2);
      });

      it('returns every claim to its queue at start-up', async () => {
        const a = await store.createInstance(aNewInstance());
        const message = aButtonsMessage(a.idInstance);
        await store.enqueueMessages([message]);
        await store.claimNextMessage(a.idInstance, lease);
        assert.equal(await store.releaseAllClaims(), 1);
        assert.equal((await store.claimNextMessage(a.idInstance, lease))?.idMessage, message.idMessage);
      });

      it('puts a released message back at the head', async () => {
        const a = await store.createInstance(aNewInstance());
        const [m1, m2] = [aButtonsMessage(a.idInstance), aButtonsMessage(a.idInstance)];
        await store.enqueueMessages([m1!, m2!]);
        await store.claimNextMessage(a.idInstance, lease);
        await store.releaseMessage(a.idInstance, m1!.idMessage);
        assert.equal((await store.claimNextMessage(a.idInstance, lease))?.idMessage, m1!.idMessage);
      });

      it('moves statuses forward only', async () => {
        const a = await store.createInstance(aNewInstance());
        const message = aButtonsMessage(a.idInstance);
        await store.enqueueMessages([message]);
        await store.claimNextMessage(a.idInstance, lease);
        await store.finishMessage(a.idInstance, message.idMessage, { status: 'sent', at: t0 });
        assert.equal(await store.advanceMessageStatus(a.idInstance, message.idMessage, 'read', t0 + 2), true);
        assert.equal(await store.advanceMessageStatus(a.idInstance, message.idMessage, 'delivered', t0 + 3), false);
        assert.equal(await store.advanceMessageStatus(a.idInstance, 'NOPE', 'read', t0), false);
        const read = await store.getMessage(a.idInstance, message.idMessage);
        assert.equal(read?.status, 'read');
        assert.equal(read?.sentAt, t0);
      });

      it('lists waiting messages in order and clears them', async () => {
        const a = await store.createInstance(aNewInstance());
        const messages = [1, 2, 3].map(() => aButtonsMessage(a.idInstance));
        await store.enqueueMessages(messages);
        const listed = await store.listQueuedMessages(a.idInstance, 2);
        assert.deepEqual(listed.map((m) => m.idMessage), messages.slice(0, 2).map((m) => m.idMessage));
        assert.deepEqual(await store.instancesWithWaitingMessages(), [a.idInstance]);
        assert.equal(await store.clearQueue(a.idInstance, t0), 3);
        assert.deepEqual(await store.listQueuedMessages(a.idInstance, 10), []);
        assert.deepEqual(await store.instancesWithWaitingMessages(), []);
      });

      it('expires waiting messages older than the cutoff and only those', async () => {
        const a = await store.createInstance(aNewInstance());
        const old = aButtonsMessage(a.idInstance, { acceptedAt: t0 });
        const fresh = aButtonsMessage(a.idInstance, { acceptedAt: t0 + 10_000 });
        await store.enqueueMessages([old, fresh]);
        const expired = await store.expireMessages(t0 + 1, t0 + 20_000);
        assert.deepEqual(expired.map((m) => m.idMessage), [old.idMessage]);
        assert.equal((await store.getMessage(a.idInstance, old.idMessage))?.status, 'expired');
        assert.equal((await store.claimNextMessage(a.idInstance, lease))?.idMessage, fresh.idMessage);
      });

      it('refuses a second message with the same idMessage in one instance', async () => {
        const a = await store.createInstance(aNewInstance());
        const message = aButtonsMessage(a.idInstance);
        await store.enqueueMessages([message]);
        await assert.rejects(store.enqueueMessages([message]));
      });
    });
  });
}


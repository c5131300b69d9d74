// The notification store contract, run against every implementation.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { NotificationStore } from './notification-store.js';

export function describeNotificationStoreContract(
  name: string,
  open: () => Promise<{ notifications: NotificationStore; close(): Promise<void> }>,
): void {
  describe(`${name} notification store contract`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    let store: NotificationStore;
    const note = (idInstance: number, n: number, createdAt = 1_000) => ({
      idInstance,
      typeWebhook: 'outgoingMessageStatus',
      body: { n, text: 'Привет 👋' },
      createdAt,
    });

    beforeEach(async () => {
      opened = await open();
      store = opened.notifications;
    });
    afterEach(() => opened.close());

    it('keeps one FIFO per instance: the head stays until it is deleted', async () => {
      await store.appendNotifications([note(1, 1), note(2, 1), note(1, 2)]);
      const head = await store.headNotification(1);
      assert.deepEqual(head?.body, { n: 1, text: 'Привет 👋' });
      assert.deepEqual((await store.headNotification(1))?.receiptId, head?.receiptId);
      assert.equal(await store.deleteNotification(1, head!.receiptId), true);
      assert.equal(await store.deleteNotification(1, head!.receiptId), false);
      const next = await store.headNotification(1);
      assert.equal(next?.body.n, 2);
      assert.ok(next!.receiptId > head!.receiptId);
      assert.equal((await store.headNotification(2))?.body.n, 1);
    });

    it('does not let one instance delete another one\'s notification', async () => {
      await store.appendNotifications([note(1, 1)]);
      const head = await store.headNotification(1);
      assert.equal(await store.deleteNotification(2, head!.receiptId), false);
      assert.ok(await store.headNotification(1));
    });

    it('drops notifications older than the cutoff, counting them per instance', async () => {
      await store.appendNotifications([note(1, 1, 100), note(1, 2, 100), note(2, 1, 100), note(1, 3, 5_000)]);
      const dropped = await store.dropNotificationsBefore(1_000);
      assert.deepEqual([...dropped.entries()].sort(), [[1, 2], [2, 1]]);
      assert.equal((await store.headNotification(1))?.body.n, 3);
      assert.deepEqual([...(await store.notificationCounts())], [[1, 1]]);
    });

    it('counts and clears one instance\'s notifications only', async () => {
      await store.appendNotifications([note(1, 1), note(1, 2), note(2, 1)]);
      assert.deepEqual([...(await store.notificationCounts(1))], [[1, 2]]);
      assert.equal(await store.clearNotifications(1), 2);
      assert.deepEqual([...(await store.notificationCounts())], [[2, 1]]);
      assert.equal(await store.headNotification(1), undefined);
    });
  });
}

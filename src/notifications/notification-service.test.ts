import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../core/fake-clock.js';
import type { Instance } from '../instances/instance.js';
import { createReplyInterpreter } from '../messages/reply-interpreter.js';
import { createSqliteStores } from '../store/sqlite/sqlite-stores.js';
import type { Stores } from '../store/stores.js';
import { aNewInstance } from '../testing/builders.js';
import { createNotificationService, type NotificationService } from './notification-service.js';

const hour = 3_600_000;

describe('notification service', () => {
  let clock: FakeClock;
  let stores: Stores;
  let service: NotificationService;
  let instance: Instance;
  let dropped: [number, number][];
  let appended: number[];

  beforeEach(async () => {
    clock = new FakeClock();
    stores = createSqliteStores({ path: ':memory:' });
    instance = await stores.instances.createInstance(aNewInstance());
    dropped = [];
    appended = [];
    service = createNotificationService(
      {
        notifications: stores.notifications,
        getInstance: (id) => stores.instances.getInstance(id),
        replies: createReplyInterpreter({ instances: stores.instances, messages: stores.messages, journal: stores.journal, clock }),
        clock,
        onAppended: (id) => appended.push(id),
        onDropped: (id, count) => dropped.push([id, count]),
        onError: (error) => assert.fail(String(error)),
      },
      { retentionMs: 24 * hour, sweepMs: 60_000 },
    );
    service.start();
  });
  afterEach(async () => {
    await service.stop();
    await stores.close();
  });

  const status = (n: number) => ({
    type: 'messageStatus' as const,
    event: { idInstance: instance.idInstance, idMessage: `BAE5${String(n).padStart(12, '0')}`, chatId: '79990000002@c.us', status: 'delivered' as const, at: clock.now(), description: null },
  });

  it('commits published events in order and tells who has new notifications', async () => {
    for (let n = 1; n <= 3; n++) service.publish(status(n));
    await service.flushed();
    assert.deepEqual([...new Set(appended)], [instance.idInstance]);
    const seen: string[] = [];
    for (let head = await stores.notifications.headNotification(instance.idInstance); head; head = await stores.notifications.headNotification(instance.idInstance)) {
      seen.push(head.body.idMessage as string);
      await stores.notifications.deleteNotification(instance.idInstance, head.receiptId);
    }
    assert.deepEqual(seen, [1, 2, 3].map((n) => `BAE5${String(n).padStart(12, '0')}`));
  });

  it('keeps notifications for the retention, then drops them with a count', async () => {
    service.publish(status(1));
    await service.flushed();
    await clock.advance(23 * hour);
    assert.deepEqual(dropped, []);
    assert.ok(await stores.notifications.headNotification(instance.idInstance));
    await clock.advance(1 * hour + 60_000);
    assert.deepEqual(dropped, [[instance.idInstance, 1]]);
    assert.equal(service.droppedCount(), 1);
    assert.equal(await stores.notifications.headNotification(instance.idInstance), undefined);
  });

  it('answers a waiting poll as soon as a notification comes, and null at the timeout', async () => {
    const waiting = service.receive(instance, 5);
    await clock.advance(1_000);
    service.publish(status(7));
    const got = await waiting;
    assert.equal(got?.body.idMessage, 'BAE5000000000007');
    await stores.notifications.deleteNotification(instance.idInstance, got!.receiptId);
    const empty = service.receive(instance, 5);
    await clock.advance(5_000);
    assert.equal(await empty, null);
  });
});

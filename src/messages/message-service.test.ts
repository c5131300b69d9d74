import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../core/fake-clock.js';
import type { Instance } from '../instances/instance.js';
import { createSqliteStores } from '../store/sqlite/sqlite-stores.js';
import type { Stores } from '../store/stores.js';
import { aNewInstance } from '../testing/builders.js';
import type { MessageStatusEvent } from './message-events.js';
import { createMessageService, type MessageService } from './message-service.js';

describe('message service', () => {
  let stores: Stores;
  let service: MessageService;
  let instance: Instance;
  let statuses: MessageStatusEvent[];
  const clock = new FakeClock();

  beforeEach(async () => {
    stores = createSqliteStores({ path: ':memory:' });
    instance = await stores.instances.createInstance(aNewInstance());
    statuses = [];
    service = createMessageService({ queue: stores.queue, messages: stores.messages, clock, requireQuotable: async () => {}, wake: () => {}, onStatus: (e) => statuses.push(e) });
  });
  afterEach(() => stores.close());

  const buttons = { kind: 'buttons' as const, text: 'Pick', buttons: [{ buttonId: '1', buttonText: 'a', type: 'reply' as const }] };

  it('answers many concurrent sends, each committed, with distinct ids', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => service.accept(instance, { method: 'sendButtons', chatId: '79990000002@c.us', requestBody: {}, content: buttons })),
    );
    assert.equal(new Set(answers.map((a) => a.idMessage)).size, 50);
    assert.equal((await stores.queue.listQueuedMessages(instance.idInstance, 100)).length, 50);
  });

  it('writes the numbered list only for reply buttons, as the instance setting says', async () => {
    const { idMessage } = await service.accept(instance, { method: 'sendButtons', chatId: '79990000002@c.us', requestBody: {}, content: buttons });
    assert.equal((await stores.messages.getMessage(instance.idInstance, idMessage))?.content.numberedButtons, true);
    const quiet = { ...instance, settings: { ...instance.settings, numberedButtonsText: 'no' as const } };
    const second = await service.accept(quiet, { method: 'sendButtons', chatId: '79990000002@c.us', requestBody: {}, content: buttons });
    assert.equal((await stores.messages.getMessage(instance.idInstance, second.idMessage))?.content.numberedButtons, undefined);
  });

  it('holds a receipt that overtook the record of its send, and applies it after', async () => {
    const { idMessage } = await service.accept(instance, { method: 'sendButtons', chatId: '79990000002@c.us', requestBody: {}, content: buttons });
    const claim = { node: 'node-a', epoch: 1 };
    await stores.queue.claimNextMessages([{ idInstance: instance.idInstance, epoch: 1 }], { node: claim.node, now: clock.now() });
    await service.applyReceipt({ idInstance: instance.idInstance, idMessage, status: 'delivered', at: clock.now() });
    assert.equal(statuses.length, 0, 'not yet: the send is not recorded');
    await stores.queue.finishMessages([{ idInstance: instance.idInstance, idMessage, claim, outcome: { status: 'sent', at: clock.now() } }]);
    await service.statusRecorded({ idInstance: instance.idInstance, idMessage, chatId: '79990000002@c.us', status: 'sent', at: clock.now(), description: null });
    assert.deepEqual(statuses.map((s) => s.status), ['delivered']);
    assert.equal((await stores.messages.getMessage(instance.idInstance, idMessage))?.status, 'delivered');
  });
});

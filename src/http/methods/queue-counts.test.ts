// The two queues a bot can ask about: messages waiting to be sent, and notifications waiting for it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

describe('getMessagesCount, getWebhooksCount and clearWebhooksQueue', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('counts the messages waiting while the phone is not linked, and none once they are sent', async () => {
    assert.deepEqual((await t.call('getMessagesCount')).body, { count: 0 });
    for (const text of ['one', 'two']) await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: text } });
    assert.deepEqual((await t.call('getMessagesCount')).body, { count: 2 });
    await t.link('79990000001');
    await waitFor(async () => (await t.call('getMessagesCount')).body.count === 0, { what: 'the queue emptied' });
  });

  it('counts the notifications waiting for the bot and drops them all on clearWebhooksQueue', async () => {
    const waiting = await waitFor(async () => {
      const { count } = (await t.call('getWebhooksCount')).body;
      return count >= 6 ? count : undefined; // states, the two messages sent, their statuses
    }, { what: 'notifications waiting' });
    assert.ok(waiting >= 6);
    assert.deepEqual((await t.call('clearWebhooksQueue', { verb: 'DELETE' })).body, { isCleared: true });
    assert.deepEqual((await t.call('getWebhooksCount')).body, { count: 0 });
    const poll = await t.call('receiveNotification', { query: '?receiveTimeout=5' });
    assert.equal(poll.text, 'null', 'nothing left to receive');
    assert.equal((await t.call('clearWebhooksQueue')).status, 405, 'DELETE, as on GREEN-API');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const me = '79990000001';
const friend = '79990000002';
const chatId = `${friend}@c.us`;

describe('message journal methods', () => {
  let t: TestGateway;
  let sentId = '';
  let receivedId = '';

  before(async () => {
    t = await startTestGateway();
    await t.link(me);
    sentId = (await t.call('sendButtons', {
      body: { chatId, message: 'Pick', buttons: [{ buttonId: '1', buttonText: 'yes' }] },
    })).body.idMessage;
    await waitFor(async () => (await t.request('GET', `/sandbox/phones/${friend}/messages`)).body.length === 1);
    receivedId = (await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: 'hi there' })).body.idMessage;
    await waitFor(async () => (await t.call('lastIncomingMessages')).body.length === 1, { what: 'the incoming message in the journal' });
  });
  after(() => t.close());

  it('getMessage finds a sent and a received message of the chat', async () => {
    const sent = await t.call('getMessage', { body: { chatId, idMessage: sentId } });
    assert.equal(sent.status, 200);
    assert.equal(sent.body.type, 'outgoing');
    assert.equal(sent.body.typeMessage, 'buttonsMessage');
    assert.equal(sent.body.sendByApi, true);
    assert.ok(['sent', 'delivered', 'read'].includes(sent.body.statusMessage));
    const received = await t.call('getMessage', { body: { chatId, idMessage: receivedId } });
    assert.equal(received.body.type, 'incoming');
    assert.equal(received.body.textMessage, 'hi there');
    assert.equal(received.body.senderId, chatId);
  });

  it('getMessage answers 404 for a message of another chat or none', async () => {
    const other = await t.call('getMessage', { body: { chatId: '79990000003@c.us', idMessage: sentId } });
    assert.equal(other.status, 404);
    const missing = await t.call('getMessage', { body: { chatId } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /'idMessage'/);
  });

  it('getChatHistory lists both directions, newest first, up to count', async () => {
    const history = await t.call('getChatHistory', { body: { chatId, count: 10 } });
    assert.deepEqual(history.body.map((m: any) => m.idMessage).sort(), [sentId, receivedId].sort());
    assert.ok(history.body[0].timestamp >= history.body[1].timestamp);
    const one = await t.call('getChatHistory', { body: { chatId, count: 1 } });
    assert.equal(one.body.length, 1);
    const bad = await t.call('getChatHistory', { body: { chatId, count: 0 } });
    assert.equal(bad.status, 400);
  });

  it('lastIncomingMessages and lastOutgoingMessages cover the window asked for', async () => {
    assert.deepEqual((await t.call('lastOutgoingMessages')).body.map((m: any) => m.idMessage), [sentId]);
    assert.deepEqual((await t.call('lastIncomingMessages', { query: '?minutes=5' })).body.map((m: any) => m.idMessage), [receivedId]);
    const bad = await t.call('lastIncomingMessages', { query: '?minutes=soon' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /'minutes'/);
  });

  it('accepts a quote of a message of the chat and refuses one that names no message of it', async () => {
    const quoting = await t.call('sendMessage', { body: { chatId, message: 'answering', quotedMessageId: receivedId } });
    assert.equal(quoting.status, 200);
    const wrongChat = await t.call('sendMessage', { body: { chatId: '79990000003@c.us', message: 'x', quotedMessageId: receivedId } });
    assert.equal(wrongChat.status, 400);
    assert.match(wrongChat.body.message, /'quotedMessageId' names no message of chat 79990000003@c.us/);
  });
});

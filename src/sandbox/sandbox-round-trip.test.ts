// The embedded sandbox through the gateway's public APIs: linking, delivery, taps, replies, faults.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GatewayEvent } from '../app.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';

const phone = '79990000001';
const friend = '79990000002';
const buttons = {
  chatId: `${friend}@c.us`,
  message: 'Pick a colour',
  footer: 'Waypost',
  buttons: [
    { buttonId: '1', buttonText: 'green' },
    { buttonId: '2', buttonText: 'red' },
  ],
};

describe('sandbox round trip', () => {
  let t: TestGateway;
  const events: GatewayEvent[] = [];
  const inbox = async (number = friend) => (await t.request('GET', `/sandbox/phones/${number}/messages`)).body as any[];
  const statusOf = (idMessage: string) =>
    events.filter((e) => e.type === 'messageStatus' && e.event.idMessage === idMessage).map((e) => (e as any).event.status);

  before(async () => {
    t = await startTestGateway();
    t.gateway.events.subscribe((e) => events.push(e));
  });
  after(() => t.close());

  it('holds a message until the phone is linked, then delivers it as buttons', async () => {
    const sent = (await t.call('sendButtons', { body: buttons })).body.idMessage;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await inbox(), []);
    await t.link(phone);
    const [received] = await waitFor(async () => ((await inbox()).length > 0 ? inbox() : undefined));
    assert.equal(received.idMessage, sent);
    assert.equal(received.type, 'buttons');
    assert.equal(received.chatId, `${phone}@c.us`);
    assert.equal(received.from, `${phone}@c.us`);
    assert.equal(received.text, 'Pick a colour\n\n1 - green\n2 - red', 'buttons are also written as a numbered list');
    assert.equal(received.footer, 'Waypost');
    assert.deepEqual(received.buttons.map((b: any) => [b.buttonId, b.buttonText]), [['1', 'green'], ['2', 'red']]);
    assert.equal(received.deliveries, 1);
    assert.ok(Date.parse(received.receivedAt) > 0);
    await waitFor(() => statusOf(sent).includes('delivered'), { what: 'a delivery receipt' });
    assert.deepEqual(statusOf(sent), ['sent', 'delivered']);
  });

  it('lets a button be tapped once, and reports the tap as an incoming reply', async () => {
    const [message] = await inbox();
    const tap = await t.request('POST', `/sandbox/phones/${friend}/tap`, { idMessage: message.idMessage, buttonId: '2' });
    assert.equal(tap.status, 200);
    const reply = await waitFor(() => events.find((e) => e.type === 'incomingMessage' && e.message.buttonReply));
    assert.deepEqual((reply as any).message.buttonReply, { stanzaId: message.idMessage, buttonId: '2', buttonText: 'red' });
    assert.equal((reply as any).message.chatId, `${friend}@c.us`);
    await waitFor(() => statusOf(message.idMessage).includes('read'), { what: 'a read receipt' });
    const again = await t.request('POST', `/sandbox/phones/${friend}/tap`, { idMessage: message.idMessage, buttonId: '1' });
    assert.equal(again.status, 409);
  });

  it('answers 404 for a tap on no such message or button', async () => {
    const [message] = await inbox();
    assert.equal((await t.request('POST', `/sandbox/phones/${friend}/tap`, { idMessage: 'BAE5000000000000', buttonId: '1' })).status, 404);
    assert.equal((await t.request('POST', `/sandbox/phones/${friend}/tap`, { idMessage: message.idMessage, buttonId: '9' })).status, 404);
    assert.equal((await t.request('POST', `/sandbox/phones/${friend}/tap`, {})).status, 400);
  });

  it('carries a message typed on a phone to the instance, with its quote', async () => {
    const [message] = await inbox();
    const sent = await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${phone}@c.us`, text: '2', quotedMessageId: message.idMessage });
    assert.equal(sent.status, 200);
    const incoming = await waitFor(() => events.find((e) => e.type === 'incomingMessage' && e.message.text === '2'));
    assert.equal((incoming as any).message.quotedMessageId, message.idMessage);
    assert.equal((incoming as any).message.idMessage, sent.body.idMessage);
    const nobody = await t.request('POST', `/sandbox/phones/${friend}/send`, { to: '79995550000@c.us', text: 'hi' });
    assert.equal(nobody.status, 404);
  });

  it('ends a message to a number without WhatsApp as noAccount and goes on', async () => {
    const faults = await t.request('POST', '/sandbox/faults', { noAccount: ['79990000009'] });
    assert.deepEqual(faults.body.noAccount, ['79990000009']);
    const lost = (await t.call('sendMessage', { body: { chatId: '79990000009@c.us', message: 'anyone?' } })).body.idMessage;
    const next = (await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'next' } })).body.idMessage;
    await waitFor(() => statusOf(next).includes('sent'), { what: 'the next message to be sent' });
    assert.deepEqual(statusOf(lost), ['noAccount']);
    await t.request('DELETE', '/sandbox/faults');
  });

  it('waits through dropped connections and resumes, losing nothing', async () => {
    await t.call('setSettings', { body: { delaySendMessagesMilliseconds: 500 } });
    const before = (await inbox()).length;
    await t.request('POST', '/sandbox/faults', { dropConnectionsForMs: 1500 });
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'starting', { what: 'the drop' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: `during drop ${i}` } })).body.idMessage);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await inbox()).length, before, 'nothing is sent while disconnected');
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized', { timeoutMs: 15_000, what: 'the reconnect' });
    const after = await waitFor(async () => {
      const all = await inbox();
      return all.length === before + 3 ? all : undefined;
    }, { timeoutMs: 10_000, what: 'the queued messages' });
    assert.deepEqual(after.slice(before).map((m) => m.idMessage), ids);
    assert.ok(after.every((m) => m.deliveries === 1));
  });

  it('slows acknowledgements without losing or doubling messages', async () => {
    await t.request('POST', '/sandbox/faults', { ackDelayMs: 300 });
    const id = (await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'slow' } })).body.idMessage;
    await waitFor(() => statusOf(id).includes('sent'), { what: 'the slow send' });
    await t.request('DELETE', '/sandbox/faults');
    assert.equal((await inbox()).filter((m) => m.idMessage === id).length, 1);
  });

  it('logs the instance out when the phone unlinks it; the queue waits', async () => {
    const unlinked = await t.request('POST', `/sandbox/phones/${phone}/unlink`);
    assert.deepEqual(unlinked.body, { unlinked: 1 });
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'notAuthorized');
    const id = (await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'after unlink' } })).body.idMessage;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual((await t.call('showMessagesQueue')).body.map((m: any) => m.messageID), [id]);
    await t.link(phone);
    await waitFor(async () => (await inbox()).some((m) => m.idMessage === id), { what: 'the held message' });
  });

  it('refuses bad control requests with 4xx naming the problem', async () => {
    const unknownQr = await t.request('POST', '/sandbox/link', { phone, qr: '2@nope' });
    assert.equal(unknownQr.status, 404);
    const badPhone = await t.request('POST', '/sandbox/link', { phone: '+7 999', qr: '2@nope' });
    assert.equal(badPhone.status, 400);
    assert.match(badPhone.body.message, /'phone'/);
    const badFault = await t.request('POST', '/sandbox/faults', { ackDelayMs: -1 });
    assert.equal(badFault.status, 400);
    assert.match(badFault.body.message, /'ackDelayMs'/);
    const unknownFault = await t.request('POST', '/sandbox/faults', { meteor: true });
    assert.equal(unknownFault.status, 400);
    const badInbox = await t.request('GET', '/sandbox/phones/not-a-phone/messages');
    assert.equal(badInbox.status, 400);
  });
});

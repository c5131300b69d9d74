// Places, contact cards and forwarded messages, both ways, on the sandbox: what the phone gets, what the
// bot is told, and what is refused by name.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const me = '79990000001';
const friend = '79990000002';
const other = '79990000003';

describe('sendLocation, sendContact and forwardMessages', () => {
  let t: TestGateway;
  const onPhone = (phone: string, idMessage: string) =>
    waitFor(async () => ((await t.request('GET', `/sandbox/phones/${phone}/messages`)).body as any[]).find((m) => m.idMessage === idMessage), {
      what: `${idMessage} on ${phone}`,
    });
  const told = async (idMessage: string) =>
    (await t.receiveUntil((b) => b.some((x) => x.typeWebhook === 'outgoingAPIMessageReceived' && x.idMessage === idMessage))).find(
      (x) => x.typeWebhook === 'outgoingAPIMessageReceived' && x.idMessage === idMessage,
    );

  before(async () => {
    t = await startTestGateway();
    await t.link(me);
  });
  after(() => t.close());

  it('sends a place on the map', async () => {
    const body = { chatId: `${friend}@c.us`, nameLocation: 'Office', address: 'Main St 1', latitude: 55.7558, longitude: 37.6173 };
    const sent = await t.call('sendLocation', { body });
    assert.equal(sent.status, 200, sent.text);
    const shown = await onPhone(friend, sent.body.idMessage);
    assert.deepEqual([shown.type, shown.location], ['location', { latitude: 55.7558, longitude: 37.6173, nameLocation: 'Office', address: 'Main St 1' }]);
    assert.deepEqual((await told(sent.body.idMessage)).messageData, {
      typeMessage: 'locationMessage',
      locationMessageData: { nameLocation: 'Office', address: 'Main St 1', latitude: 55.7558, longitude: 37.6173, jpegThumbnail: '' },
    });
  });

  it('sends a contact card', async () => {
    const sent = await t.call('sendContact', { body: { chatId: `${friend}@c.us`, contact: { phoneContact: 79990000005, firstName: 'Ada', lastName: 'Lovelace' } } });
    assert.equal(sent.status, 200, sent.text);
    assert.deepEqual((await onPhone(friend, sent.body.idMessage)).contact, { phoneContact: '79990000005', firstName: 'Ada', lastName: 'Lovelace' });
    const data = (await told(sent.body.idMessage)).messageData;
    assert.equal(data.typeMessage, 'contactMessage');
    assert.equal(data.contactMessageData.displayName, 'Ada Lovelace');
    assert.match(data.contactMessageData.vcard, /^BEGIN:VCARD\nVERSION:3\.0\nN:Lovelace;Ada;;;\nFN:Ada Lovelace\nTEL;type=CELL;type=VOICE;waid=79990000005:\+79990000005\nEND:VCARD$/);
  });

  it('forwards a message the API sent and a text it received, marked as forwarded', async () => {
    const mine = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'the menu' } });
    await onPhone(friend, mine.body.idMessage);
    const theirs = (await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: 'see you at 5' })).body.idMessage;
    await t.receiveUntil((b) => b.some((x) => x.idMessage === theirs));
    const answer = await t.call('forwardMessages', { body: { chatId: `${other}@c.us`, chatIdFrom: `${friend}@c.us`, messages: [mine.body.idMessage, theirs] } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.messages.length, 2);
    const [first, second] = await Promise.all(answer.body.messages.map((id: string) => onPhone(other, id)));
    assert.deepEqual([first.text, first.forwarded], ['the menu', true]);
    assert.deepEqual([second.text, second.forwarded], ['see you at 5', true]);
  });

  for (const [rule, method, body, message] of [
    ['latitude out of range', 'sendLocation', { chatId: `${friend}@c.us`, latitude: 91, longitude: 0 }, /'latitude' must be a number from -90 to 90/],
    ['no longitude', 'sendLocation', { chatId: `${friend}@c.us`, latitude: 1 }, /'longitude' is required/],
    ['a contact without a number', 'sendContact', { chatId: `${friend}@c.us`, contact: { firstName: 'Ada' } }, /'contact.phoneContact' must be an international phone number/],
    ['an unknown message to forward', 'forwardMessages', { chatId: `${other}@c.us`, chatIdFrom: `${friend}@c.us`, messages: ['BAE5000000000000'] }, /'messages\[0\]' names no message of chat/],
    ['nothing to forward', 'forwardMessages', { chatId: `${other}@c.us`, chatIdFrom: `${friend}@c.us`, messages: [] }, /'messages' must be an array of 1 to 100/],
  ] as const) {
    it(`refuses with 400: ${rule}`, async () => {
      const answer = await t.call(method, { body });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, message);
    });
  }

  it('tells the bot of a place, a contact and a reaction a person sent', async () => {
    const send = (body: object) => t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, ...body });
    const mine = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'like it?' } });
    await onPhone(friend, mine.body.idMessage);
    await send({ location: { latitude: 1.5, longitude: 2.5, name: 'Here' } });
    await send({ contact: { phone: '79990000007', name: 'Bob' } });
    await send({ reaction: { idMessage: mine.body.idMessage, emoji: '👍' } });
    const bodies = await t.receiveUntil((b) => b.some((x) => x.messageData?.typeMessage === 'reactionMessage'));
    const byType = (type: string) => bodies.find((x) => x.typeWebhook === 'incomingMessageReceived' && x.messageData.typeMessage === type)?.messageData;
    assert.deepEqual(byType('locationMessage').locationMessageData, { nameLocation: 'Here', address: '', latitude: 1.5, longitude: 2.5, jpegThumbnail: '' });
    assert.equal(byType('contactMessage').contactMessageData.displayName, 'Bob');
    assert.deepEqual(byType('reactionMessage'), { typeMessage: 'reactionMessage', extendedTextMessageData: { text: '👍' }, quotedMessage: { stanzaId: mine.body.idMessage } });
    const refused = await send({ text: 'two things', location: { latitude: 1, longitude: 1 } });
    assert.equal(refused.status, 400);
  });
});

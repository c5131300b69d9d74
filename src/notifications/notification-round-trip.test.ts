// Notifications by polling, end to end on the embedded sandbox: every outcome and every reply reaches
// the bot, in order, as GREEN-API shapes; one event for "the user chose a button", whatever the path.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

const me = '79990000001';
const friend = '79990000002';
const buttonsBody = {
  chatId: `${friend}@c.us`,
  message: 'Pick a colour',
  footer: 'Waypost',
  buttons: [
    { buttonId: 'g', buttonText: 'green' },
    { buttonId: 'r', buttonText: 'red' },
  ],
};

const ofType = (type: string) => (b: any) => b.typeWebhook === type;
const incoming = (bodies: any[]) => bodies.filter(ofType('incomingMessageReceived'));
const statuses = (bodies: any[], idMessage: string) =>
  bodies.filter((b) => b.typeWebhook === 'outgoingMessageStatus' && b.idMessage === idMessage).map((b) => b.status);

describe('notifications and replies (polling)', () => {
  let t: TestGateway;
  const tap = (idMessage: string, buttonId: string) => t.request('POST', `/sandbox/phones/${friend}/tap`, { idMessage, buttonId });
  const type = (text: string, quotedMessageId?: string) =>
    t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text, ...(quotedMessageId ? { quotedMessageId } : {}) });
  const sendButtons = async (body: object = buttonsBody) => (await t.call('sendButtons', { body })).body.idMessage as string;

  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('returns null after the receive timeout when there is nothing', async () => {
    await t.receiveUntil((b) => b.length > 0 && b.at(-1).stateInstance === 'notAuthorized').catch(() => []);
    const started = Date.now();
    const answer = await t.call('receiveNotification', { query: '?receiveTimeout=5' });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, 'null');
    assert.ok(Date.now() - started >= 4_900, 'it waited for the timeout');
  });

  it('reports the link, the message as sent and its statuses, in order', async () => {
    const id = await sendButtons();
    await t.link(me);
    const bodies = await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    const states = bodies.filter(ofType('stateInstanceChanged')).map((b) => b.stateInstance);
    assert.equal(states.at(-1), 'authorized');
    const sent = bodies.find(ofType('outgoingAPIMessageReceived'));
    assert.equal(sent.idMessage, id);
    assert.deepEqual(sent.messageData, {
      typeMessage: 'buttonsMessage',
      buttonsMessage: { contentText: 'Pick a colour', footer: 'Waypost', buttons: [{ buttonId: 'g', buttonText: 'green' }, { buttonId: 'r', buttonText: 'red' }] },
    });
    assert.deepEqual(sent.instanceData, { idInstance: t.instance.idInstance, wid: `${me}@c.us`, typeInstance: 'whatsapp' });
    assert.deepEqual(statuses(bodies, id), ['sent', 'delivered']);
    const order = bodies.map((b) => b.typeWebhook);
    assert.ok(order.indexOf('outgoingAPIMessageReceived') < order.indexOf('outgoingMessageStatus'));
    const status = bodies.find((b) => b.typeWebhook === 'outgoingMessageStatus');
    assert.equal(status.sendByApi, true);
    assert.equal(status.chatId, `${friend}@c.us`);
  });

  it('reports a tap once as buttonsResponseMessage; a second tap produces nothing', async () => {
    const id = await sendButtons();
    await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    assert.equal((await tap(id, 'r')).status, 200);
    const bodies = await t.receiveUntil((b) => incoming(b).length === 1 && statuses(b, id).includes('read'));
    assert.deepEqual(incoming(bodies)[0].messageData, {
      typeMessage: 'buttonsResponseMessage',
      buttonsResponseMessage: { stanzaId: id, selectedButtonId: 'r', selectedButtonText: 'red' },
    });
    assert.equal(incoming(bodies)[0].senderData.chatId, `${friend}@c.us`);
    assert.equal(incoming(bodies)[0].senderData.senderName, 'Sandbox 0002', 'a sandbox phone has a name');
    assert.equal((await tap(id, 'g')).status, 409);
    await type('later text');
    const after = await t.receiveUntil((b) => incoming(b).length === 1);
    assert.equal(incoming(after)[0].messageData.typeMessage, 'textMessage', 'nothing came from the second tap');
  });

  it('keeps a typed "2" a textMessage, as on GREEN-API, with the chosen button beside it', async () => {
    const id = await sendButtons();
    await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    await type('2.');
    const [reply] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.deepEqual(reply.messageData, {
      typeMessage: 'textMessage',
      textMessageData: { textMessage: '2.' },
      buttonReply: { stanzaId: id, selectedButtonId: 'r', selectedButtonText: 'red', typed: true },
    });
    await type('1');
    const [again] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.deepEqual(again.messageData, { typeMessage: 'textMessage', textMessageData: { textMessage: '1' } }, 'answered already');
    await tap(id, 'g');
    await type('later text');
    const [later] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.equal(later.messageData.textMessageData.textMessage, 'later text', 'a tap after the typed answer produced nothing');
  });

  it('reports a typed answer as the reply event when the instance asks for it', async () => {
    await t.call('setSettings', { body: { typedAnswersAsButtonReplies: 'yes' } });
    try {
      const id = await sendButtons();
      await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
      await type('2.');
      const [reply] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
      assert.deepEqual(reply.messageData, {
        typeMessage: 'buttonsResponseMessage',
        buttonsResponseMessage: { stanzaId: id, selectedButtonId: 'r', selectedButtonText: 'red', typed: true, typedText: '2.' },
      });
    } finally {
      await t.call('setSettings', { body: { typedAnswersAsButtonReplies: 'no' } });
    }
  });

  it('matches a typed button text in any case, quoting the buttons message or not', async () => {
    const id = await sendButtons();
    await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    await type('GREEN', id);
    const [reply] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.equal(reply.messageData.typeMessage, 'quotedMessage', 'a quoting answer stays a quoted message');
    assert.equal(reply.messageData.extendedTextMessageData.text, 'GREEN');
    assert.deepEqual(reply.messageData.buttonReply, { stanzaId: id, selectedButtonId: 'g', selectedButtonText: 'green', typed: true });
  });

  it("reports the name a sandbox phone gives as the sender's name", async () => {
    await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: 'hi', name: 'Ada' });
    const [message] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.equal(message.senderData.senderName, 'Ada');
    assert.equal(message.senderData.chatName, 'Ada');
    const bad = await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: 'hi', name: '' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /'name'/);
  });

  it('reports what the linked phone itself writes as outgoingMessageReceived, never as an answer', async () => {
    const id = await sendButtons();
    await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    const written = await t.request('POST', `/sandbox/phones/${me}/send`, { to: `${friend}@c.us`, text: '2' });
    assert.equal(written.status, 200, written.text);
    const [fromPhone] = (await t.receiveUntil((b) => b.some(ofType('outgoingMessageReceived')))).filter(ofType('outgoingMessageReceived'));
    assert.equal(fromPhone.idMessage, written.body.idMessage);
    assert.deepEqual(fromPhone.messageData, { typeMessage: 'textMessage', textMessageData: { textMessage: '2' } });
    assert.equal(fromPhone.senderData.chatId, `${friend}@c.us`, 'the chat it went to');
    assert.equal(fromPhone.senderData.sender, `${me}@c.us`);
    const inbox = (await t.request('GET', `/sandbox/phones/${friend}/messages`)).body as any[];
    assert.equal(inbox.at(-1).text, '2', 'the friend received it');
    await type('1');
    const [answer] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.equal(answer.messageData.buttonReply?.selectedButtonId, 'g', 'the phone\'s "2" answered nothing');
    await t.call('setSettings', { body: { outgoingMessageWebhook: 'no' } });
    await t.request('POST', `/sandbox/phones/${me}/send`, { to: `${friend}@c.us`, text: 'quiet' });
    await type('marker');
    const after = await t.receiveUntil((b) => incoming(b).length === 1);
    assert.equal(after.filter(ofType('outgoingMessageReceived')).length, 0, 'switched off by outgoingMessageWebhook');
    await t.call('setSettings', { body: { outgoingMessageWebhook: 'yes' } });
  });

  it('leaves text that matches nothing as text, and a quote as a quoted message', async () => {
    const id = await sendButtons();
    await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    await type('hello');
    const [text] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.deepEqual(text.messageData, { typeMessage: 'textMessage', textMessageData: { textMessage: 'hello' } });
    await type('what is this?', id);
    const [quoted] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.equal(quoted.messageData.typeMessage, 'quotedMessage');
    assert.deepEqual(quoted.messageData.extendedTextMessageData, { text: 'what is this?', stanzaId: id, participant: `${me}@c.us` });
    assert.equal(quoted.messageData.quotedMessage.typeMessage, 'buttonsMessage');
    await type('red');
    const [late] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.equal(late.messageData.buttonReply.selectedButtonId, 'r', 'still unanswered after plain text');
  });

  it('reports a tap on interactive reply buttons as interactiveButtonsResponse', async () => {
    const id = (await t.call('sendInteractiveButtonsReply', {
      body: { chatId: `${friend}@c.us`, header: 'Order 12', body: 'Delivered?', buttons: [{ buttonId: 'y', buttonText: 'Yes' }, { buttonId: 'n', buttonText: 'No' }] },
    })).body.idMessage;
    const sent = await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    assert.deepEqual(sent.find(ofType('outgoingAPIMessageReceived')).messageData.interactiveButtonsReply, {
      titleText: 'Order 12',
      contentText: 'Delivered?',
      buttons: [{ type: 'reply', buttonId: 'y', buttonText: 'Yes' }, { type: 'reply', buttonId: 'n', buttonText: 'No' }],
    });
    await tap(id, 'n');
    const [reply] = incoming(await t.receiveUntil((b) => incoming(b).length === 1));
    assert.deepEqual(reply.messageData, {
      typeMessage: 'interactiveButtonsResponse',
      interactiveButtonsResponse: { stanzaId: id, selectedId: 'n', selectedDisplayText: 'No' },
    });
  });

  it('switches notification types off by their flags, but failures always go out', async () => {
    await t.call('setSettings', { body: { outgoingWebhook: 'no', outgoingAPIMessageWebhook: 'no', incomingWebhook: 'no' } });
    await t.request('POST', '/sandbox/faults', { noAccount: ['79990000009'] });
    const quiet = (await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'quiet' } })).body.idMessage;
    const lost = (await t.call('sendMessage', { body: { chatId: '79990000009@c.us', message: 'nobody' } })).body.idMessage;
    await t.receiveUntil((b) => statuses(b, lost).includes('noAccount'));
    await type('unheard');
    // Notifications keep their order: once this one is in, anything the text above caused would be too.
    const sentinel = (await t.call('sendMessage', { body: { chatId: '79990000009@c.us', message: 'sentinel' } })).body.idMessage;
    const bodies = await t.receiveUntil((b) => statuses(b, sentinel).includes('noAccount'));
    assert.deepEqual(bodies.map((b) => [b.typeWebhook, b.idMessage]), [['outgoingMessageStatus', sentinel]]);
    assert.equal(statuses(bodies, quiet).length, 0);
    await t.request('DELETE', '/sandbox/faults');
    await t.call('setSettings', { body: { outgoingWebhook: 'yes', outgoingAPIMessageWebhook: 'yes', incomingWebhook: 'yes' } });
  });

  it('writes the numbered list unless the instance turns it off', async () => {
    await t.call('setSettings', { body: { numberedButtonsText: 'no' } });
    const id = await sendButtons();
    await t.receiveUntil((b) => statuses(b, id).includes('delivered'));
    const received = (await t.request('GET', `/sandbox/phones/${friend}/messages`)).body.find((m: any) => m.idMessage === id);
    assert.equal(received.text, 'Pick a colour');
    await t.call('setSettings', { body: { numberedButtonsText: 'yes' } });
  });

  it('deletes notifications by receipt: false for an unknown one, 400 for a non-number', async () => {
    const unknown = await t.call('deleteNotification', { verb: 'DELETE', token: `${t.instance.apiToken}/999999` });
    assert.deepEqual(unknown.body, { result: false });
    const bad = await t.call('deleteNotification', { verb: 'DELETE', token: `${t.instance.apiToken}/abc` });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /'receiptId'/);
  });

  it('takes the receipt id as the body, as GREEN-API`s Python SDK sends it, and clamps receiveTimeout', async () => {
    await sendButtons();
    const head = await t.call('receiveNotification', { query: '?receiveTimeout=500' });
    assert.equal(head.status, 200, 'a timeout past 60 s is clamped, not refused');
    const deleted = await t.call('deleteNotification', { verb: 'DELETE', token: `${t.instance.apiToken}/`, rawBody: String(head.body.receiptId) });
    assert.deepEqual([deleted.status, deleted.body], [200, { result: true }]);
    const again = await t.call('receiveNotification', { query: '?receiveTimeout=5' });
    assert.notEqual(again.body?.receiptId, head.body.receiptId, 'that one is gone');
  });

  it('answers a poll of an instance whose notifications go to a webhook with null after the timeout, never an instant error', async () => {
    await t.call('setSettings', { body: { webhookUrl: 'http://127.0.0.1:9/hook' } });
    const started = Date.now();
    const answer = await t.call('receiveNotification', { query: '?receiveTimeout=1' });
    assert.deepEqual([answer.status, answer.text], [200, 'null']);
    assert.ok(Date.now() - started >= 4_900, 'it waited the timeout (1 s is clamped to 5 s)');
    await t.call('receiveNotification', { query: '?receiveTimeout=5' });
    assert.equal(t.logs.filter((line) => line.includes('polled, but its notifications go to its webhookUrl')).length, 1, 'logged once');
    await t.call('setSettings', { body: { webhookUrl: '' } });
  });
});

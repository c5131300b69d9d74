// Editing and deleting, both ways, on the sandbox: a menu rewritten after the tap, a message deleted for
// everyone or only on the account's devices, and a person's edits and deletions reaching the bot.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const me = '79990000001';
const friend = '79990000002';
const chatId = `${friend}@c.us`;

describe('editMessage and deleteMessage', () => {
  let t: TestGateway;
  const onPhone = async (idMessage: string) =>
    ((await t.request('GET', `/sandbox/phones/${friend}/messages`)).body as any[]).find((m) => m.idMessage === idMessage);
  const sendButtons = async () => {
    const sent = await t.call('sendButtons', { body: { chatId, message: 'Pick', buttons: [{ buttonId: 'g', buttonText: 'green' }] } });
    await waitFor(() => onPhone(sent.body.idMessage), { what: 'on the phone' });
    return sent.body.idMessage as string;
  };

  before(async () => {
    t = await startTestGateway();
    await t.link(me);
  });
  after(() => t.close());

  it('rewrites a menu after the tap, queued behind it; the phone shows the new text', async () => {
    const menu = await sendButtons();
    await t.request('POST', `/sandbox/phones/${friend}/tap`, { idMessage: menu, buttonId: 'g' });
    const edit = await t.call('editMessage', { body: { chatId, idMessage: menu, message: 'Chosen: green' } });
    assert.equal(edit.status, 200, edit.text);
    assert.match(edit.body.idMessage, /^BAE5/);
    const shown = await waitFor(async () => {
      const m = await onPhone(menu);
      return m.editedAt ? m : undefined;
    }, { what: 'the edit on the phone' });
    assert.equal(shown.text, 'Chosen: green');
    const statuses = await t.receiveUntil((b) => b.some((x) => x.typeWebhook === 'outgoingMessageStatus' && x.idMessage === edit.body.idMessage && x.status === 'sent'));
    const told = statuses.find((x) => x.typeWebhook === 'outgoingAPIMessageReceived' && x.idMessage === edit.body.idMessage);
    assert.deepEqual(told.messageData, { typeMessage: 'editedMessage', editedMessageData: { textMessage: 'Chosen: green', stanzaId: menu } });
  });

  it('deletes for everyone, or only on the account\'s devices', async () => {
    const first = await sendButtons();
    const deleted = await t.call('deleteMessage', { body: { chatId, idMessage: first } });
    assert.deepEqual([deleted.status, deleted.body], [200, {}]);
    const gone = await waitFor(async () => {
      const m = await onPhone(first);
      return m.deletedAt ? m : undefined;
    }, { what: 'deleted on the phone' });
    assert.equal(gone.text, '');
    const second = await sendButtons();
    const mine = await t.call('deleteMessage', { body: { chatId, idMessage: second, onlySenderDelete: true } });
    assert.equal(mine.status, 200);
    await waitFor(async () => (await t.call('getMessagesCount')).body.count === 0, { what: 'the delete done' });
    assert.equal((await onPhone(second)).deletedAt, null, 'the recipient keeps it');
  });

  for (const [rule, body, message] of [
    ['an unknown message', { chatId, idMessage: 'BAE5000000000000', message: 'x' }, /'idMessage' names no message the API sent to chat/],
    ['another chat', { chatId: '79990000003@c.us', idMessage: 'PLACEHOLDER', message: 'x' }, /'idMessage' names no message the API sent to chat 79990000003@c.us/],
    ['no new text', { chatId, idMessage: 'PLACEHOLDER' }, /'message' is required/],
    ['no idMessage', { chatId, message: 'x' }, /'idMessage' is required/],
  ] as const) {
    it(`refuses an edit with 400: ${rule}`, async () => {
      const known = await sendButtons();
      const filled = JSON.parse(JSON.stringify(body).replace('PLACEHOLDER', known));
      const answer = await t.call('editMessage', { body: filled });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, message);
    });
  }

  it('refuses to edit an edit', async () => {
    const menu = await sendButtons();
    const edit = await t.call('editMessage', { body: { chatId, idMessage: menu, message: 'once' } });
    const again = await t.call('editMessage', { body: { chatId, idMessage: edit.body.idMessage, message: 'twice' } });
    assert.equal(again.status, 400);
    assert.match(again.body.message, /an edit or a delete, not a message/);
  });

  it('tells the bot when a person edits or deletes what they wrote', async () => {
    const written = (await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: 'gren' })).body.idMessage;
    await t.receiveUntil((b) => b.some((x) => x.idMessage === written));
    assert.equal((await t.request('POST', `/sandbox/phones/${friend}/edit`, { idMessage: written, text: 'green' })).status, 200);
    const edited = (await t.receiveUntil((b) => b.some((x) => x.messageData?.typeMessage === 'editedMessage'))).find(
      (x) => x.messageData?.typeMessage === 'editedMessage',
    );
    assert.deepEqual(edited.messageData, { typeMessage: 'editedMessage', editedMessageData: { textMessage: 'green', stanzaId: written } });
    await t.call('setSettings', { body: { deletedMessageWebhook: 'no' } });
    await t.request('POST', `/sandbox/phones/${friend}/delete`, { idMessage: written });
    await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: 'marker' });
    const after = await t.receiveUntil((b) => b.some((x) => x.messageData?.textMessageData?.textMessage === 'marker'));
    assert.equal(after.filter((x) => x.messageData?.typeMessage === 'deletedMessage').length, 0, 'switched off by deletedMessageWebhook');
  });
});

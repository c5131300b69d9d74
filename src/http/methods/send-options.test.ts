// GREEN-API's documented optional send fields, end to end on the sandbox: accepted, and honoured where the
// phone can show them (typing before the message, the sender's preview, the chat archived, phoneNumber).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const me = '79990000001';
const friend = '79990000002';

describe('optional send fields', () => {
  let t: TestGateway;
  const inbox = async () => (await t.request('GET', `/sandbox/phones/${friend}/messages`)).body as any[];
  const arrived = (idMessage: string) =>
    waitFor(async () => (await inbox()).find((m) => m.idMessage === idMessage), { what: `message ${idMessage} on the phone` });

  before(async () => {
    t = await startTestGateway();
    await t.link(me);
  });
  after(() => t.close());

  it('shows "typing..." for typingTime before the message arrives', async () => {
    const sent = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'thinking done', typingTime: 1500 } });
    assert.equal(sent.status, 200, sent.text);
    const message = await arrived(sent.body.idMessage);
    // Timers and the wall clock round differently: a millisecond or two either way is the same 1.5 s.
    assert.ok(message.typingMs >= 1490 && message.typingMs < 3000, `typing shown for ${message.typingMs} ms`);
    const plain = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'no typing' } });
    assert.equal((await arrived(plain.body.idMessage)).typingMs, null);
  });

  it('sends to the legacy phoneNumber as to its chatId', async () => {
    const sent = await t.call('sendButtons', {
      body: { phoneNumber: Number(friend), message: 'Pick', buttons: [{ buttonId: '1', buttonText: 'one' }] },
    });
    assert.equal(sent.status, 200, sent.text);
    assert.equal((await arrived(sent.body.idMessage)).chatId, `${me}@c.us`);
  });

  it("delivers the sender's own link preview", async () => {
    const customPreview = { title: 'Waypost', description: 'Self-hosted buttons', link: 'https://example.org' };
    const sent = await t.call('sendMessage', {
      body: { chatId: `${friend}@c.us`, message: 'https://example.org', linkPreview: true, typePreview: 'large', customPreview },
    });
    assert.equal(sent.status, 200, sent.text);
    assert.deepEqual((await arrived(sent.body.idMessage)).preview, { type: 'large', ...customPreview });
  });

  it('archives the chat on the linked phone after sending, with archiveChat', async () => {
    const sent = await t.call('sendInteractiveButtonsReply', {
      body: { chatId: `${friend}@c.us`, body: 'Done?', buttons: [{ buttonId: 'y', buttonText: 'Yes' }], archiveChat: true },
    });
    assert.equal(sent.status, 200, sent.text);
    await arrived(sent.body.idMessage);
    const archived = await waitFor(async () => {
      const chats = (await t.request('GET', `/sandbox/phones/${me}/archived`)).body.archivedChats as string[];
      return chats.length > 0 ? chats : undefined;
    });
    assert.deepEqual(archived, [`${friend}@c.us`]);
  });

  for (const [rule, body, message] of [
    ['typingTime too short', { typingTime: 999 }, /'typingTime' must be larger than or equal to 1000/],
    ['typingTime too long', { typingTime: 20_001 }, /'typingTime' must be less than or equal to 20000/],
    ['typingTime not a number', { typingTime: '2s' }, /'typingTime' must be a number/],
    ['archiveChat not a boolean', { archiveChat: 'yes' }, /'archiveChat' must be true or false/],
    ['typePreview unknown', { typePreview: 'huge' }, /'typePreview' must be "large" or "small"/],
    ['customPreview without a title', { customPreview: { description: 'd' } }, /'customPreview.title' is required/],
    ['customPreview with an unknown field', { customPreview: { title: 't', colour: 'red' } }, /'customPreview.colour' is not allowed/],
    ['phoneNumber not digits', { chatId: undefined, phoneNumber: '+7 900' }, /'phoneNumber' must be an international phone number/],
    ['an unknown field', { colour: 'red' }, /'colour' is not allowed/],
  ] as const) {
    it(`refuses with 400: ${rule}`, async () => {
      const answer = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'hi', ...body } });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, message);
    });
  }
});

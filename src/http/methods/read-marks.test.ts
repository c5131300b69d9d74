// Read marks as the people writing to the bot see them (their phone's sent messages, read or not): readChat,
// markIncomingMessagesReaded, and markIncomingMessagesReadedOnReply.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const me = '79990000001';
const friend = '79990000002';

describe('read marks', () => {
  let t: TestGateway;
  const write = async (text: string) =>
    (await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text })).body.idMessage as string;
  const sent = async () => (await t.request('GET', `/sandbox/phones/${friend}/sent`)).body as { idMessage: string; readAt: string | null }[];
  const readIds = async () => (await sent()).filter((m) => m.readAt !== null).map((m) => m.idMessage);
  /** The gateway has recorded the message (so readChat knows it). */
  const recorded = (idMessage: string) =>
    waitFor(async () => (await t.call('getMessage', { body: { chatId: `${friend}@c.us`, idMessage } })).status === 200, { what: 'recorded' });

  before(async () => {
    t = await startTestGateway();
    await t.link(me);
  });
  after(() => t.close());

  it('readChat marks a chat read, or only up to one message', async () => {
    const first = await write('one');
    const second = await write('two');
    await recorded(second);
    assert.deepEqual(await readIds(), [], 'nothing read yet');
    assert.deepEqual((await t.call('readChat', { body: { chatId: `${friend}@c.us`, idMessage: first } })).body, { setRead: true });
    assert.deepEqual(await readIds(), [first], 'up to the first');
    await t.call('readChat', { body: { chatId: `${friend}@c.us` } });
    assert.deepEqual(await readIds(), [first, second]);
    const unknown = await t.call('readChat', { body: { chatId: `${friend}@c.us`, idMessage: 'NOSUCHMESSAGE000' } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /'idMessage' names no message received in chat/);
  });

  it('reads each message as it arrives with markIncomingMessagesReaded', async () => {
    await t.call('setSettings', { body: { markIncomingMessagesReaded: 'yes' } });
    const id = await write('three');
    await waitFor(async () => (await readIds()).includes(id), { what: 'read on arrival' });
    await t.call('setSettings', { body: { markIncomingMessagesReaded: 'no' } });
  });

  it('reads a chat when the bot answers in it with markIncomingMessagesReadedOnReply, which takes precedence', async () => {
    await t.call('setSettings', { body: { markIncomingMessagesReaded: 'yes', markIncomingMessagesReadedOnReply: 'yes' } });
    const id = await write('four');
    await recorded(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(!(await readIds()).includes(id), 'not read on arrival: OnReply takes precedence');
    await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'on it' } });
    await waitFor(async () => (await readIds()).includes(id), { what: 'read once the bot answered' });
  });
});

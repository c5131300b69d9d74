// The WhatsApp Web transport against a fake of its narrow socket port: the shared transport contract,
// then what only WhatsApp Web does (acks, error 463, stop codes, the socket's ids and nodes).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { systemClock } from '../../core/clock.js';
import { createSqliteStores } from '../../store/sqlite/sqlite-stores.js';
import { FakeWaNetwork, shownOnPhone } from '../../testing/fake-wa-network.js';
import { readReachoutLock } from '../reachout-lock.js';
import type { IncomingMessage } from '../transport.js';
import { createMemoryTransportAuth } from '../../testing/memory-transport-auth.js';
import { waitFor } from '../../testing/wait-for.js';
import { describeTransportContract } from '../transport.contract.js';
import { createWhatsAppWebTransport } from './whatsapp-web-transport.js';

describeTransportContract('whatsapp-web', async () => {
  const network = new FakeWaNetwork();
  const creds = createMemoryTransportAuth();
  const stores = createSqliteStores({ path: ':memory:' });
  const transport = createWhatsAppWebTransport(
    { createSocket: network.createSocket, auth: { creds, keys: stores.transportKeys }, clock: systemClock },
    { ackTimeoutMs: 2_000, linkWaitMs: 2_000 },
  );
  return {
    transport,
    savedAuth: (idInstance) => creds.load(idInstance),
    scanQr: async (phone, qr) => network.link(phone, qr),
    typeCode: async (phone, code) => network.link(phone, code),
    inbox: async (phone) => network.inboxOf(phone).map(shownOnPhone),
    sendFromPhone: async (phone, toPhone, input) => network.phoneSends(phone, toPhone, input),
    tap: async (phone, idMessage, buttonId) => void network.phoneTaps(phone, idMessage, buttonId),
    dropConnections: async () => network.dropAll(),
    unlinkDevices: async (phone) => network.unlink(phone),
    close: () => stores.close(),
  };
});

describe('whatsapp-web transport, beyond the contract', () => {
  const id = 1101000001;
  const bot = '79990000001';
  const known = '79990000002';
  const stranger = '79990000003';
  let network: FakeWaNetwork;
  let stores: ReturnType<typeof createSqliteStores>;
  let transport: ReturnType<typeof createWhatsAppWebTransport>;
  let states: string[];
  let warnings: string[];

  const send = (idMessage: string, phone: string) =>
    transport.send(id, { idMessage, chatId: `${phone}@c.us`, content: { kind: 'text', text: 'hi' } });

  beforeEach(async () => {
    network = new FakeWaNetwork();
    stores = createSqliteStores({ path: ':memory:' });
    states = [];
    warnings = [];
    transport = createWhatsAppWebTransport(
      {
        createSocket: network.createSocket,
        auth: { creds: createMemoryTransportAuth(), keys: stores.transportKeys },
        clock: systemClock,
        onWarning: (_, message) => warnings.push(message),
      },
      { ackTimeoutMs: 300, linkWaitMs: 2_000 },
    );
    transport.subscribe((e) => {
      if (e.type === 'state') states.push(e.state);
    });
    await transport.open(id);
    network.link(bot, await transport.qrText(id));
    await waitFor(() => states.at(-1) === 'authorized', { what: 'linked' });
  });
  afterEach(async () => {
    await transport.stop();
    await stores.close();
  });

  it('fails a message the server refuses, with the ack error code', async () => {
    network.ackMode = { error: '479' };
    assert.deepEqual(await send('BAE5000000000010', known), { outcome: 'failed', description: 'WhatsApp refused the message (ack error 479)' });
  });

  it('after ack error 463, fails sends to new chats at once but still sends to chats it knows', async () => {
    network.phoneSends(known, bot, { text: 'hello' });
    network.reachoutLock = { isActive: true, timeEnforcementEnds: new Date(Date.now() + 3_600_000) };
    network.ackMode = { error: '463' };
    assert.equal((await send('BAE5000000000011', stranger)).outcome, 'failed');
    network.ackMode = { ok: true };
    const relayedBefore = network.relayed.length;
    const paused = await send('BAE5000000000012', '79990000004');
    assert.equal(paused.outcome, 'failed');
    assert.match((paused as { description: string }).description, /463/);
    assert.equal(network.relayed.length, relayedBefore, 'nothing was relayed to the new chat');
    assert.deepEqual(await send('BAE5000000000013', known), { outcome: 'sent' });
  });

  it('shows typing as a composing presence and archives a chat through the app state', async () => {
    await transport.showTyping!(id, `${known}@c.us`);
    assert.deepEqual(network.presences, [{ type: 'composing', jid: `${known}@s.whatsapp.net` }]);
    await transport.archiveChat!(id, `${known}@c.us`, { idMessage: 'BAE5000000000015', at: 1_795_000_000_000 });
    assert.deepEqual(network.chatChanges, [
      {
        jid: `${known}@s.whatsapp.net`,
        modification: {
          archive: true,
          lastMessages: [{ key: { remoteJid: `${known}@s.whatsapp.net`, id: 'BAE5000000000015', fromMe: true }, messageTimestamp: 1_795_000_000 }],
        },
      },
    ]);
  });

  it('attaches a fresh 32-byte messageSecret to every message it relays', async () => {
    await send('BAE5000000000016', known);
    await send('BAE5000000000017', known);
    const secrets = network.relayed.slice(-2).map((m) => Buffer.from(m.message.messageContextInfo?.messageSecret ?? []));
    assert.deepEqual(secrets.map((s) => s.length), [32, 32]);
    assert.notDeepEqual(secrets[0], secrets[1]);
  });

  it('on ack error 463 holds the lock at once, asks the server, and takes the end it reports', async () => {
    const locks: unknown[] = [];
    transport.subscribe((e) => {
      if (e.type === 'reachoutLock') locks.push(e.lock);
    });
    const ends = new Date(Date.now() + 7_200_000);
    network.reachoutLock = { isActive: true, timeEnforcementEnds: ends, enforcementType: 'BIZ_COMMERCE_VIOLATION_DRUGS' };
    const fetchesBefore = network.reachoutFetches;
    network.ackMode = { error: '463' };
    assert.equal((await send('BAE5000000000018', stranger)).outcome, 'failed');
    await waitFor(() => locks.length === 2, { what: 'the provisional lock, then the server\'s' });
    assert.equal((locks[0] as { isActive: boolean }).isActive, true);
    assert.deepEqual(locks[1], { isActive: true, timeEnforcementEnds: ends.getTime(), enforcementType: 'BIZ_COMMERCE_VIOLATION_DRUGS' });
    assert.ok(network.reachoutFetches > fetchesBefore, 'the server was asked');
    assert.deepEqual(await readReachoutLock(stores.transportKeys, id, Date.now()), locks[1], 'kept in the store');
  });

  it('reads a DM from a LID with no phone number beside it through baileys\' LID mapping', async () => {
    const messages: IncomingMessage[] = [];
    transport.subscribe((e) => {
      if (e.type === 'incoming') messages.push(e.message);
    });
    network.lidMappings.set('123456789012345@lid', `${known}@s.whatsapp.net`);
    network.deliver(bot, { remoteJid: '123456789012345@lid' }, { conversation: 'hi' });
    network.deliver(bot, { remoteJid: '999999999999999@lid' }, { conversation: 'who?' });
    await waitFor(() => messages.length === 2, { what: 'both messages' });
    assert.deepEqual([messages[0]?.chatId, messages[0]?.sender, messages[0]?.chatAliases], [`${known}@c.us`, `${known}@c.us`, ['123456789012345@lid']]);
    assert.equal(messages[1]?.chatId, '999999999999999@lid', 'no mapping: the LID, rather than nothing');
  });

  it('answers a retry request for a buttons message with the same stanza nodes; a text is left to baileys', async () => {
    const buttons = { kind: 'buttons' as const, text: 'Pick', buttons: [{ buttonId: '1', buttonText: 'one', type: 'reply' as const }] };
    assert.deepEqual(await transport.send(id, { idMessage: 'BAE5000000000019', chatId: `${known}@c.us`, content: buttons }), { outcome: 'sent' });
    await send('BAE5000000000020', known);
    const device = `${known}:3@s.whatsapp.net`;
    const before = network.relayed.length;
    await network.socketOf(id)!.retryRequested({ remoteJid: device, participant: device, ids: ['BAE5000000000019', 'BAE5000000000020'], count: 1 });
    await waitFor(() => network.relayed.length === before + 2, { what: 'both re-sent' });
    const resent = network.relayed.slice(before);
    const buttonsCopy = resent.find((m) => m.idMessage === 'BAE5000000000019');
    assert.deepEqual(buttonsCopy?.additionalNodes.map((n) => n.tag), ['bot', 'biz'], 'the buttons go again with <bot> and <biz>');
    assert.equal(buttonsCopy?.participant, device, 'to the device that asked');
    assert.ok(buttonsCopy?.message.interactiveMessage);
    assert.equal(resent.filter((m) => m.idMessage === 'BAE5000000000019').length, 1, 'baileys did not send a copy without the nodes');
    assert.deepEqual(resent.find((m) => m.idMessage === 'BAE5000000000020')?.additionalNodes, [], 'the text went through baileys as before');
  });

  it('sends read receipts, naming the participant in a group', async () => {
    await transport.readMessages!(id, `${known}@c.us`, [{ idMessage: '3EB0000000000A01', sender: `${known}@c.us` }]);
    await transport.readMessages!(id, '120363000000000001@g.us', [{ idMessage: '3EB0000000000A02', sender: `${stranger}@c.us` }]);
    assert.deepEqual(network.readReceipts, [
      { remoteJid: `${known}@s.whatsapp.net`, id: '3EB0000000000A01', fromMe: false },
      { remoteJid: '120363000000000001@g.us', id: '3EB0000000000A02', fromMe: false, participant: `${stranger}@s.whatsapp.net` },
    ]);
  });

  it('deletes a message only on the account\'s devices through the app state', async () => {
    const content = { kind: 'delete' as const, text: '', targetId: 'BAE5000000000021', onlySenderDelete: true };
    const relayedBefore = network.relayed.length;
    assert.deepEqual(await transport.send(id, { idMessage: 'BAE5000000000022', chatId: `${known}@c.us`, content }), { outcome: 'sent' });
    assert.equal(network.relayed.length, relayedBefore, 'no message went out');
    const change = network.chatChanges.at(-1)!;
    assert.equal(change.jid, `${known}@s.whatsapp.net`);
    assert.deepEqual((change.modification as { deleteForMe: { key: unknown } }).deleteForMe.key, { remoteJid: `${known}@s.whatsapp.net`, fromMe: true, id: 'BAE5000000000021' });
  });

  it('checks a number through WhatsApp', async () => {
    network.withoutWhatsApp.add(stranger);
    assert.deepEqual(await transport.checkNumber!(id, known), { exists: true, chatId: `${known}@c.us` });
    assert.deepEqual(await transport.checkNumber!(id, stranger), { exists: false, chatId: null });
  });

  it('retries a send the server never acknowledged, under the same id', async () => {
    network.ackMode = { silent: true };
    assert.equal((await send('BAE5000000000014', known)).outcome, 'retry');
    network.ackMode = { ok: true };
    assert.deepEqual(await send('BAE5000000000014', known), { outcome: 'sent' });
    assert.deepEqual(network.relayed.map((m) => m.idMessage), ['BAE5000000000014', 'BAE5000000000014']);
  });

  for (const [code, state] of [[440, 'sleepMode'], [403, 'blocked']] as const) {
    it(`stops on close code ${code} (state ${state}) instead of reconnecting, until reopened`, async () => {
      const socketsBefore = network.sockets.length;
      network.socketOf(id)?.end(Object.assign(new Error('closed'), { output: { statusCode: code } }));
      await waitFor(() => states.at(-1) === state, { what: state });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(network.sockets.length, socketsBefore, 'no new connection was attempted');
      assert.match(warnings.join('\n'), new RegExp(`\\(${code}\\)`));
      assert.equal((await send('BAE5000000000015', known)).outcome, 'retry');
      await transport.close(id);
      await transport.open(id);
      await waitFor(() => states.at(-1) === 'authorized', { what: 'authorized after reopening' });
    });
  }

  it('ignores history, its own messages and status broadcasts; reports group receipts', async () => {
    const socket = network.socketOf(id);
    const incoming: unknown[] = [];
    const receipts: string[] = [];
    transport.subscribe((e) => {
      if (e.type === 'incoming') incoming.push(e.message);
      if (e.type === 'receipt') receipts.push(`${e.idMessage}:${e.status}`);
    });
    socket?.emit('messages.upsert', { type: 'append', messages: [{ key: { remoteJid: `${known}@s.whatsapp.net`, id: 'H1' }, message: { conversation: 'old' } }] });
    socket?.emit('messages.upsert', { type: 'notify', messages: [{ key: { remoteJid: `${known}@s.whatsapp.net`, id: 'O1', fromMe: true }, message: { conversation: 'mine' } }] });
    socket?.emit('messages.upsert', { type: 'notify', messages: [{ key: { remoteJid: 'status@broadcast', id: 'S1' }, message: { conversation: 'story' } }] });
    socket?.emit('message-receipt.update', [
      { key: { remoteJid: '120363000000000001@g.us', id: 'G1', fromMe: true }, receipt: { userJid: `${known}@s.whatsapp.net`, receiptTimestamp: 1 } },
      { key: { remoteJid: '120363000000000001@g.us', id: 'G1', fromMe: true }, receipt: { userJid: `${known}@s.whatsapp.net`, readTimestamp: 2 } },
    ]);
    assert.deepEqual(incoming, []);
    assert.deepEqual(receipts, ['G1:delivered', 'G1:read']);
  });
});

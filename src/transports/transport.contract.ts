// The transport contract: what every transport does for the gateway, checked against the network it
// reaches (the sandbox itself, or a fake of WhatsApp Web's socket port). A harness plays the phone.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { waitFor } from '../testing/wait-for.js';
import type { MessageContent } from '../messages/message.js';
import type { Transport, TransportEvent } from './transport.js';

/** A message as the phone shows it. */
export interface PhoneInboxEntry {
  idMessage: string;
  text: string;
  buttonIds: string[];
  quotedMessageId: string | null;
}

export interface TransportHarness {
  transport: Transport;
  /** The session the transport saved for the instance (null once it is forgotten). */
  savedAuth(idInstance: number): Promise<string | null>;
  /** The phone scans the QR text the instance showed. */
  scanQr(phone: string, qr: string): Promise<void>;
  /** The phone types the pairing code the instance showed. */
  typeCode(phone: string, code: string): Promise<void>;
  inbox(phone: string): Promise<PhoneInboxEntry[]>;
  /** The phone writes to the account linked as `toPhone`; returns the message id. */
  sendFromPhone(phone: string, toPhone: string, input: { text: string; quotedMessageId?: string }): Promise<string>;
  tap(phone: string, idMessage: string, buttonId: string): Promise<void>;
  /** The network drops every connection for a moment. */
  dropConnections(): Promise<void>;
  /** The phone removes its linked devices. */
  unlinkDevices(phone: string): Promise<void>;
  close(): Promise<void>;
}

const instanceId = 1101000001;
const botPhone = '79990000001';
const userPhone = '79990000002';
const userChat = `${userPhone}@c.us`;

const text = (value: string): MessageContent => ({ kind: 'text', text: value });
const buttons = (value: string): MessageContent => ({
  kind: 'buttons',
  text: value,
  numberedButtons: true,
  buttons: [
    { buttonId: 'yes', buttonText: 'Yes', type: 'reply' },
    { buttonId: 'no', buttonText: 'No', type: 'reply' },
  ],
});

export function describeTransportContract(name: string, createHarness: () => Promise<TransportHarness>): void {
  describe(`${name} transport contract`, () => {
    let harness: TransportHarness;
    let events: TransportEvent[];

    const stateNow = () => events.filter((e) => e.type === 'state').at(-1) as Extract<TransportEvent, { type: 'state' }> | undefined;
    const waitForState = (state: string, what = `state ${state}`) =>
      waitFor(() => stateNow()?.state === state && stateNow(), { what, timeoutMs: 8_000 });

    async function linked(): Promise<void> {
      await harness.transport.open(instanceId);
      await harness.scanQr(botPhone, await harness.transport.qrText(instanceId));
      await waitForState('authorized');
    }

    beforeEach(async () => {
      harness = await createHarness();
      events = [];
      harness.transport.subscribe((event) => events.push(event));
    });
    afterEach(async () => {
      await harness.transport.stop();
      await harness.close();
    });

    it('offers a QR to a new instance, and is not authorized until a phone scans it', async () => {
      await harness.transport.open(instanceId);
      const qr = await harness.transport.qrText(instanceId);
      assert.ok(qr.length > 0);
      await waitForState('notAuthorized');
      assert.equal(events[0]?.type === 'state' && events[0].state, 'starting');
      const early = await harness.transport.send(instanceId, { idMessage: 'BAE5000000000000', chatId: userChat, content: text('hi') });
      assert.equal(early.outcome, 'retry');
    });

    it('links by QR: authorized with the phone as wid, and the saved session survives a reconnect', async () => {
      await linked();
      assert.equal(stateNow()?.wid, `${botPhone}@c.us`);
      assert.notEqual(await harness.savedAuth(instanceId), null);
      await harness.transport.close(instanceId);
      events.length = 0;
      await harness.transport.open(instanceId);
      await waitForState('authorized', 'authorized again without a new QR');
      assert.equal(stateNow()?.wid, `${botPhone}@c.us`);
    });

    it('links by pairing code typed on the phone', async () => {
      await harness.transport.open(instanceId);
      const code = await harness.transport.pairingCode(instanceId, botPhone);
      assert.match(code, /^[A-Z0-9-]{6,9}$/);
      await harness.typeCode(botPhone, code);
      await waitForState('authorized');
    });

    it('sends text and buttons under the API idMessage; the phone shows each once, buttons numbered', async () => {
      await linked();
      assert.deepEqual(await harness.transport.send(instanceId, { idMessage: 'BAE5000000000001', chatId: userChat, content: text('Hello') }), { outcome: 'sent' });
      assert.deepEqual(await harness.transport.send(instanceId, { idMessage: 'BAE5000000000002', chatId: userChat, content: buttons('Coming?') }), { outcome: 'sent' });
      const inbox = await harness.inbox(userPhone);
      assert.deepEqual(
        inbox.map((m) => [m.idMessage, m.text, m.buttonIds]),
        [
          ['BAE5000000000001', 'Hello', []],
          ['BAE5000000000002', 'Coming?\n\n1 - Yes\n2 - No', ['yes', 'no']],
        ],
      );
    });

    it('sends a reply quoting a message the phone wrote', async () => {
      await linked();
      const asked = await harness.sendFromPhone(userPhone, botPhone, { text: 'Open today?' });
      await harness.transport.send(instanceId, { idMessage: 'BAE5000000000003', chatId: userChat, content: { ...text('Yes'), quotedMessageId: asked } });
      assert.equal((await harness.inbox(userPhone))[0]?.quotedMessageId, asked);
    });

    it('reports incoming text, quoted text and button taps, and receipts for what the phone read', async () => {
      await linked();
      await harness.transport.send(instanceId, { idMessage: 'BAE5000000000004', chatId: userChat, content: buttons('Coming?') });
      const hello = await harness.sendFromPhone(userPhone, botPhone, { text: 'hello' });
      await harness.sendFromPhone(userPhone, botPhone, { text: 'about this', quotedMessageId: 'BAE5000000000004' });
      await harness.tap(userPhone, 'BAE5000000000004', 'no');
      const incoming = await waitFor(() => {
        const found = events.flatMap((e) => (e.type === 'incoming' ? [e.message] : []));
        return found.length >= 3 && found;
      }, { what: 'three incoming messages' });
      assert.deepEqual(
        incoming.map((m) => [m.chatId, m.sender, m.text ?? null, m.quotedMessageId ?? null, m.buttonReply?.buttonId ?? null, m.buttonReply?.stanzaId ?? null]),
        [
          [userChat, userChat, 'hello', null, null, null],
          [userChat, userChat, 'about this', 'BAE5000000000004', null, null],
          [userChat, userChat, null, null, 'no', 'BAE5000000000004'],
        ],
      );
      assert.equal(incoming[0]?.idMessage, hello);
      assert.ok(incoming.every((m) => m.receivedAt > 0));
      const receipts = await waitFor(() => {
        const found = events.flatMap((e) => (e.type === 'receipt' && e.idMessage === 'BAE5000000000004' ? [e.status] : []));
        return found.includes('delivered') && found.includes('read') && found;
      }, { what: 'delivered and read receipts' });
      assert.deepEqual([...new Set(receipts)].sort(), ['delivered', 'read']);
    });

    it('comes back linked after the network drops it; a send while down is retried, not lost', async () => {
      await linked();
      await harness.dropConnections();
      await waitForState('starting');
      const whileDown = await harness.transport.send(instanceId, { idMessage: 'BAE5000000000005', chatId: userChat, content: text('later') });
      assert.equal(whileDown.outcome, 'retry');
      await waitForState('authorized', 'authorized after the drop');
      assert.deepEqual(await harness.transport.send(instanceId, { idMessage: 'BAE5000000000005', chatId: userChat, content: text('later') }), { outcome: 'sent' });
      assert.deepEqual((await harness.inbox(userPhone)).map((m) => m.idMessage), ['BAE5000000000005']);
    });

    it('forgets the session when the phone removes the device, and offers a new QR', async () => {
      await linked();
      await harness.unlinkDevices(botPhone);
      await waitForState('notAuthorized');
      await waitFor(async () => (await harness.savedAuth(instanceId)) === null || undefined, { what: 'the saved session wiped' });
      assert.ok((await harness.transport.qrText(instanceId)).length > 0);
    });

    it('logs out on request: not authorized, session wiped, linkable again', async () => {
      await linked();
      await harness.transport.logout(instanceId);
      await waitForState('notAuthorized');
      assert.equal(await harness.savedAuth(instanceId), null);
      await harness.scanQr(botPhone, await harness.transport.qrText(instanceId));
      await waitForState('authorized', 'authorized by a second link');
    });
  });
}

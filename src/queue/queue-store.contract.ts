// The send queue and message store contract, run against every engine: FIFO per instance, one message
// in flight, claims that name their node and epoch, take-over of a gone sender's claim with the same
// idMessage, and the late outcome of that sender counting for nothing.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { statusesThatMayBecome, type MessageStatus } from '../messages/message.js';
import type { Stores } from '../store/stores.js';
import { aButtonsMessage, aNewInstance } from '../testing/builders.js';
import type { QueueClaim, SendOutcome } from './queue-store.js';

export function describeQueueStoreContract(name: string, open: () => Promise<Stores>): void {
  describe(`${name} queue store contract`, () => {
    let stores: Stores;
    const t0 = Date.UTC(2026, 0, 1);
    const mine: QueueClaim = { node: 'node-a', epoch: 1 };

    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => {
      await stores?.close();
    });

    const newInstance = async () => (await stores.instances.createInstance(aNewInstance())).idInstance;
    const claim = async (idInstances: number[], by: QueueClaim = mine, now = t0) =>
      stores.queue.claimNextMessages(idInstances.map((idInstance) => ({ idInstance, epoch: by.epoch })), { node: by.node, now });
    const claimOne = async (idInstance: number, by: QueueClaim = mine) => (await claim([idInstance], by))[0];
    const finish = async (idInstance: number, idMessage: string, outcome: SendOutcome, by: QueueClaim = mine) =>
      (await stores.queue.finishMessages([{ idInstance, idMessage, claim: by, outcome }]))[0];
    const advance = async (idInstance: number, idMessage: string, status: MessageStatus, at: number) =>
      (await stores.messages.advanceMessageStatuses([{ idInstance, idMessage, status, at, from: statusesThatMayBecome(status) }]))[0];

    it('keeps one FIFO per instance and lets one message per instance be in flight', async () => {
      const [a, b] = [await newInstance(), await newInstance()];
      const [a1, a2, b1] = [aButtonsMessage(a), aButtonsMessage(a), aButtonsMessage(b)];
      await stores.queue.enqueueMessages([a1!, b1!]);
      await stores.queue.enqueueMessages([a2!]);
      const first = await claimOne(a);
      assert.equal(first?.idMessage, a1!.idMessage);
      assert.equal(first?.status, 'sending');
      assert.equal(first?.attempts, 1);
      assert.deepEqual([first?.claimedBy, first?.claimEpoch], ['node-a', 1]);
      assert.equal(await claimOne(a), undefined, 'the head is in flight');
      assert.equal((await claimOne(b))?.idMessage, b1!.idMessage);
      assert.equal(await finish(a, a1!.idMessage, { status: 'sent', at: t0 + 5 }), true);
      assert.equal((await stores.instances.getInstance(a))?.lastSendAt, t0 + 5);
      assert.equal((await claimOne(a))?.idMessage, a2!.idMessage);
    });

    it('claims and finishes the heads of many instances in one call each', async () => {
      const [a, b, c] = [await newInstance(), await newInstance(), await newInstance()];
      const [a1, a2, b1] = [aButtonsMessage(a), aButtonsMessage(a), aButtonsMessage(b)];
      await stores.queue.enqueueMessages([a1!, a2!, b1!]);
      const claimed = await claim([a, b, c]);
      assert.deepEqual(claimed.map((m) => m.idMessage).sort(), [a1!.idMessage, b1!.idMessage].sort());
      assert.deepEqual(await claim([a, b]), [], 'heads in flight');
      const finished = await stores.queue.finishMessages([
        { idInstance: a, idMessage: a1!.idMessage, claim: mine, outcome: { status: 'sent', at: t0 + 1 } },
        { idInstance: b, idMessage: b1!.idMessage, claim: mine, outcome: { status: 'noAccount', at: t0 + 2, description: 'no account' } },
      ]);
      assert.deepEqual(finished, [true, true]);
      const noAccount = await stores.messages.getMessage(b, b1!.idMessage);
      assert.equal(noAccount?.status, 'noAccount');
      assert.equal(noAccount?.description, 'no account');
      assert.equal(noAccount?.sentAt, null);
      assert.equal((await stores.instances.getInstance(a))?.lastSendAt, t0 + 1);
      assert.equal((await stores.messages.getMessage(a, a1!.idMessage))?.sentAt, t0 + 1);
      assert.deepEqual((await claim([a, b])).map((m) => m.idMessage), [a2!.idMessage]);
    });

    it('keeps the request body and content exactly as accepted', async () => {
      const a = await newInstance();
      const message = aButtonsMessage(a, {
        requestBody: { chatId: '79990000002@c.us', message: 'Привет 👋🏽', footer: 'f', buttons: [], z: 1, a: 2 },
      });
      await stores.queue.enqueueMessages([message]);
      const [queued] = await stores.queue.listQueuedMessages(a, 10);
      assert.deepEqual(queued?.requestBody, message.requestBody);
      assert.deepEqual(Object.keys(queued?.requestBody ?? {}), Object.keys(message.requestBody), 'key order kept');
      assert.deepEqual(queued?.content, message.content);
      assert.equal(queued?.method, 'sendButtons');
      assert.equal(queued?.acceptedAt, message.acceptedAt);
    });

    it('takes over the claim of a node that is gone, with the same idMessage; that node`s late outcome counts for nothing', async () => {
      const a = await newInstance();
      const message = aButtonsMessage(a);
      await stores.queue.enqueueMessages([message]);
      await claimOne(a, { node: 'node-gone', epoch: 1 });
      const again = await claimOne(a);
      assert.equal(again?.idMessage, message.idMessage);
      assert.equal(again?.attempts, 2);
      assert.equal(await finish(a, message.idMessage, { status: 'sent', at: t0 + 1 }, { node: 'node-gone', epoch: 1 }), false);
      assert.equal((await stores.instances.getInstance(a))?.lastSendAt, null, 'no pacing from a fenced outcome');
      assert.equal((await stores.messages.getMessage(a, message.idMessage))?.status, 'sending');
      assert.equal(await finish(a, message.idMessage, { status: 'sent', at: t0 + 2 }), true);
    });

    it("takes over a claim of the same node's earlier epoch (it lost the instance and won it back)", async () => {
      const a = await newInstance();
      const message = aButtonsMessage(a);
      await stores.queue.enqueueMessages([message]);
      await claimOne(a, { node: 'node-a', epoch: 1 });
      const again = await claimOne(a, { node: 'node-a', epoch: 2 });
      assert.deepEqual([again?.idMessage, again?.claimEpoch], [message.idMessage, 2]);
      assert.equal(await finish(a, message.idMessage, { status: 'sent', at: t0 }, { node: 'node-a', epoch: 1 }), false);
    });

    it('puts a released message back at the head; only its holder can release it', async () => {
      const a = await newInstance();
      const [m1, m2] = [aButtonsMessage(a), aButtonsMessage(a)];
      await stores.queue.enqueueMessages([m1!, m2!]);
      await claimOne(a);
      await stores.queue.releaseMessages([{ idInstance: a, idMessage: m1!.idMessage, claim: { node: 'node-b', epoch: 1 } }]);
      assert.equal(await claimOne(a), undefined, 'still in flight: another node cannot release it');
      await stores.queue.releaseMessages([{ idInstance: a, idMessage: m1!.idMessage, claim: mine }]);
      const [head] = await stores.queue.listQueuedMessages(a, 1);
      assert.deepEqual([head?.idMessage, head?.status, head?.claimedBy], [m1!.idMessage, 'queued', null]);
      assert.equal((await claimOne(a))?.idMessage, m1!.idMessage);
    });

    it('moves statuses forward only', async () => {
      const a = await newInstance();
      const message = aButtonsMessage(a);
      await stores.queue.enqueueMessages([message]);
      assert.equal((await advance(a, message.idMessage, 'delivered', t0))?.moved, false, 'not sent yet');
      await claimOne(a);
      await finish(a, message.idMessage, { status: 'sent', at: t0 });
      const read = await advance(a, message.idMessage, 'read', t0 + 2);
      assert.deepEqual([read?.moved, read?.message?.status, read?.message?.statusAt], [true, 'read', t0 + 2]);
      const late = await advance(a, message.idMessage, 'delivered', t0 + 3);
      assert.deepEqual([late?.moved, late?.message?.status], [false, 'read']);
      assert.deepEqual(await advance(a, 'NOPE', 'read', t0), { moved: false, message: undefined });
      const stored = await stores.messages.getMessage(a, message.idMessage);
      assert.deepEqual([stored?.status, stored?.sentAt], ['read', t0]);
    });

    it('applies two receipts of one message in one batch in order', async () => {
      const a = await newInstance();
      const message = aButtonsMessage(a);
      await stores.queue.enqueueMessages([message]);
      await claimOne(a);
      await finish(a, message.idMessage, { status: 'sent', at: t0 });
      const change = (status: MessageStatus, at: number) => ({ idInstance: a, idMessage: message.idMessage, status, at, from: statusesThatMayBecome(status) });
      const results = await stores.messages.advanceMessageStatuses([change('delivered', t0 + 1), change('read', t0 + 2)]);
      assert.deepEqual(results.map((r) => r.moved), [true, true]);
      assert.equal((await stores.messages.getMessage(a, message.idMessage))?.status, 'read');
    });

    it('lists waiting messages in order and ends them when the queue is cleared', async () => {
      const a = await newInstance();
      const messages = [1, 2, 3].map(() => aButtonsMessage(a));
      await stores.queue.enqueueMessages(messages);
      await claimOne(a);
      const listed = await stores.queue.listQueuedMessages(a, 2);
      assert.deepEqual(listed.map((m) => m.idMessage), messages.slice(0, 2).map((m) => m.idMessage));
      assert.deepEqual([...(await stores.queue.waitingMessageCounts())], [[a, 3]], 'the one in flight counts');
      assert.deepEqual([...(await stores.queue.waitingMessageCounts(a))], [[a, 3]]);
      assert.deepEqual([...(await stores.queue.waitingMessageCounts(a + 1))], [], 'only the instance asked for');
      const ended = await stores.queue.endWaitingMessages(a, { status: 'failed', at: t0, description: 'queue cleared' });
      assert.deepEqual(ended.map((m) => [m.idMessage, m.status, m.statusAt, m.description]), messages.map((m) => [m.idMessage, 'failed', t0, 'queue cleared']));
      assert.deepEqual(await stores.queue.listQueuedMessages(a, 10), []);
      assert.deepEqual([...(await stores.queue.waitingMessageCounts())], []);
      assert.equal((await stores.messages.getMessage(a, messages[0]!.idMessage))?.description, 'queue cleared');
      assert.equal(await finish(a, messages[0]!.idMessage, { status: 'sent', at: t0 }), false, 'a cleared message is not sent after');
    });

    it('expires old queued messages and those a gone node held, never one in flight here', async () => {
      const [a, b, c] = [await newInstance(), await newInstance(), await newInstance()];
      const old = aButtonsMessage(a, { acceptedAt: t0 });
      const fresh = aButtonsMessage(a, { acceptedAt: t0 + 10_000 });
      const heldByGone = aButtonsMessage(b, { acceptedAt: t0 });
      const heldHere = aButtonsMessage(c, { acceptedAt: t0 });
      await stores.queue.enqueueMessages([old, fresh, heldByGone, heldHere]);
      await claimOne(b, { node: 'node-gone', epoch: 3 });
      await claimOne(c);
      const end = { status: 'expired' as const, at: t0 + 20_000, description: 'expired' };
      const expired = await stores.queue.expireMessages(t0 + 1, 'node-a', end);
      assert.deepEqual(expired.map((m) => m.idMessage), [old.idMessage, heldByGone.idMessage]);
      assert.deepEqual([expired[0]?.status, expired[0]?.statusAt, expired[0]?.description], ['expired', t0 + 20_000, 'expired']);
      assert.equal((await stores.messages.getMessage(a, old.idMessage))?.status, 'expired');
      assert.equal((await stores.messages.getMessage(c, heldHere.idMessage))?.status, 'sending');
      assert.equal((await claimOne(a))?.idMessage, fresh.idMessage);
    });

    it('records no last send for an expired head', async () => {
      const a = await newInstance();
      const message = aButtonsMessage(a);
      await stores.queue.enqueueMessages([message]);
      await claimOne(a);
      assert.equal(await finish(a, message.idMessage, { status: 'expired', at: t0, description: 'expired' }), true);
      assert.equal((await stores.instances.getInstance(a))?.lastSendAt, null);
    });

    it('refuses a second message with the same idMessage in one instance, and commits none of its batch', async () => {
      const a = await newInstance();
      const message = aButtonsMessage(a);
      await stores.queue.enqueueMessages([message]);
      const other = aButtonsMessage(a);
      await assert.rejects(stores.queue.enqueueMessages([other, message]));
      assert.deepEqual((await stores.queue.listQueuedMessages(a, 10)).map((m) => m.idMessage), [message.idMessage]);
    });
  });
}

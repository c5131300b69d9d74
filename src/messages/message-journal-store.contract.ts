// The message journal store contract, run against every implementation.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Stores } from '../store/stores.js';
import { aButtonsMessage, aNewInstance } from '../testing/builders.js';
import type { IncomingRecord } from './message-journal-store.js';

export function describeMessageJournalStoreContract(
  name: string,
  open: () => Promise<Stores>,
): void {
  describe(`${name} message journal store contract`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    let idInstance: number;
    const chatId = '79990000002@c.us';
    const incoming = (idMessage: string, receivedAt: number): IncomingRecord => ({
      idInstance,
      idMessage,
      chatId,
      sender: chatId,
      senderName: 'Ann',
      receivedAt,
      messageData: { typeMessage: 'textMessage', textMessageData: { textMessage: 'hi' } },
    });

    /** Enqueues a buttons message and takes it through a successful send. */
    async function sentButtons(acceptedAt = 1_000) {
      const message = aButtonsMessage(idInstance, { chatId, acceptedAt });
      const claim = { node: 'node-a', epoch: 1 };
      await opened.queue.enqueueMessages([message]);
      await opened.queue.claimNextMessages([{ idInstance, epoch: 1 }], { node: claim.node, now: acceptedAt });
      await opened.queue.finishMessages([{ idInstance, idMessage: message.idMessage, claim, outcome: { status: 'sent', at: acceptedAt } }]);
      return message;
    }

    beforeEach(async () => {
      opened = await open();
      idInstance = (await opened.instances.createInstance(aNewInstance())).idInstance;
    });
    afterEach(() => opened.close());

    it('records an incoming message once and finds it by id, by chat and by time', async () => {
      assert.equal(await opened.journal.recordIncoming(incoming('A1', 1_000)), true);
      assert.equal(await opened.journal.recordIncoming(incoming('A1', 1_000)), false);
      await opened.journal.recordIncoming(incoming('A2', 2_000));
      assert.equal((await opened.journal.getIncoming(idInstance, 'A1'))?.senderName, 'Ann');
      assert.deepEqual((await opened.journal.listIncomingInChat(idInstance, chatId, 10)).map((r) => r.idMessage), ['A2', 'A1']);
      assert.deepEqual((await opened.journal.listIncomingSince(idInstance, 1_500)).map((r) => r.idMessage), ['A2']);
      assert.deepEqual(await opened.journal.listIncomingInChat(idInstance, '79990000003@c.us', 10), []);
    });

    it('lists outgoing messages by chat and by time, newest first', async () => {
      const first = await sentButtons(1_000);
      const second = await sentButtons(2_000);
      assert.deepEqual((await opened.journal.listOutgoingInChat(idInstance, chatId, 1)).map((m) => m.idMessage), [second.idMessage]);
      assert.deepEqual((await opened.journal.listOutgoingSince(idInstance, 0)).map((m) => m.idMessage), [second.idMessage, first.idMessage]);
    });

    it('finds the newest buttons message that went out, and lets it be answered once', async () => {
      await sentButtons(1_000);
      const newer = await sentButtons(2_000);
      await opened.queue.enqueueMessages([aButtonsMessage(idInstance, { chatId, acceptedAt: 3_000 })]);
      assert.equal((await opened.journal.latestButtonsMessage(idInstance, chatId))?.idMessage, newer.idMessage, 'a queued one has not gone out');
      assert.equal(await opened.journal.markAnswered(idInstance, newer.idMessage, '2', 4_000), true);
      assert.equal(await opened.journal.markAnswered(idInstance, newer.idMessage, '1', 5_000), false);
      assert.equal((await opened.messages.getMessage(idInstance, newer.idMessage))?.answeredButtonId, '2');
      assert.equal((await opened.journal.latestButtonsMessage(idInstance, chatId))?.answeredButtonId, '2');
    });

    it('keeps each voter\'s current choice in a poll, a new vote replacing the last', async () => {
      const vote = (voter: string, options: string[], at: number) => opened.journal.recordPollVote(idInstance, 'BAE5POLL00000001', { voter, options, at });
      await vote('79990000002@c.us', ['Yes'], 1_000);
      await vote('79990000003@c.us', ['No'], 2_000);
      const tally = await vote('79990000002@c.us', ['No', 'Maybe'], 3_000);
      assert.deepEqual([...tally], [['79990000002@c.us', ['No', 'Maybe']], ['79990000003@c.us', ['No']]]);
      assert.deepEqual([...(await opened.journal.recordPollVote(idInstance + 1, 'BAE5POLL00000001', { voter: 'x@c.us', options: [], at: 1 }))], [['x@c.us', []]], 'per instance');
    });
  });
}

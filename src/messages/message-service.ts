// Accepting messages into the durable queue (answered only once committed), showing and clearing the
// queue, and applying receipts to message statuses.

import type { Clock } from '../core/clock.js';
import { validationError } from '../core/errors.js';
import { createGroupCommit } from '../core/group-commit.js';
import { newMessageId } from '../core/ids.js';
import type { QueueStore } from '../queue/queue-store.js';
import type { MessageStore, StatusChangeResult } from './message-store.js';
import type { MessageStatusEvent } from './message-events.js';
import type { Instance } from '../instances/instance.js';
import {
  clearedDescription,
  hasReplyButtons,
  isWaiting,
  statusesThatMayBecome,
  type MessageContent,
  type NewOutgoingMessage,
  type SendMethod,
  endedUnsent,
  isEditOrDelete,
  type OutgoingMessage,
} from './message.js';

export interface MessageServiceDeps {
  queue: QueueStore;
  messages: MessageStore;
  clock: Clock;
  /** Refuses a quotedMessageId that names no message of the chat. */
  requireQuotable: (idInstance: number, chatId: string, quotedMessageId: string) => Promise<void>;
  /** Tells the dispatcher an instance has new work. */
  wake: (idInstance: number) => void;
  onStatus: (event: MessageStatusEvent) => void;
  /** A message was committed to its instance's queue. */
  onAccepted?: (idInstance: number) => void;
}

export interface AcceptInput {
  method: SendMethod;
  chatId: string;
  requestBody: Record<string, unknown>;
  content: MessageContent;
}

/** showMessagesQueue's item: GREEN-API's shape. */
export interface QueueItem {
  messageID: string;
  type: SendMethod;
  body: Record<string, unknown>;
}

export const queueListLimit = 500;

/** Receipts held for sends not recorded yet; bounded, since a receipt is a hint and not a record. */
const earlyReceiptLimit = 10_000;

export interface Receipt {
  idInstance: number;
  idMessage: string;
  status: 'delivered' | 'read';
  at: number;
}

export function createMessageService(deps: MessageServiceDeps) {
  const early = new Map<string, Receipt[]>();
  // Receipts arrive at send rate: many share one transaction.
  const receiptCommit = createGroupCommit<Receipt, StatusChangeResult>(
    (batch) => deps.messages.advanceMessageStatuses(batch.map((r) => ({ ...r, from: statusesThatMayBecome(r.status) }))),
    {
    maxBatch: 5_000,
      maxWaiting: Number.POSITIVE_INFINITY,
    },
  );
  const commit = createGroupCommit<NewOutgoingMessage>((batch) => deps.queue.enqueueMessages(batch));

  return {
    /** Resolves with the idMessage once the message is committed to the instance's queue. */
    async accept(instance: Instance, input: AcceptInput): Promise<{ idMessage: string }> {
      const { idInstance, settings } = instance;
      if (input.content.quotedMessageId) await deps.requireQuotable(idInstance, input.chatId, input.content.quotedMessageId);
      const numberedButtons = hasReplyButtons(input.content) && settings.numberedButtonsText === 'yes';
      const message: NewOutgoingMessage = {
        ...input,
        idInstance,
        content: { ...input.content, ...(numberedButtons ? { numberedButtons } : {}) },
        idMessage: newMessageId(),
        acceptedAt: deps.clock.now(),
      };
      await commit(message);
      deps.onAccepted?.(idInstance);
      deps.wake(idInstance);
      return { idMessage: message.idMessage };
    },

    /**
     * The API-sent message of the chat an edit or a delete names: refused (400, naming the field) when it
     * is not one, is itself an edit or a delete, or ended without being sent.
     */
    async requireChangeable(idInstance: number, chatId: string, idMessage: string): Promise<OutgoingMessage> {
      const target = await deps.messages.getMessage(idInstance, idMessage);
      if (!target || target.chatId !== chatId) throw validationError(`'idMessage' names no message the API sent to chat ${chatId}`);
      if (isEditOrDelete(target.content)) throw validationError(`'idMessage' names an edit or a delete, not a message`);
      if (endedUnsent(target.status)) {
        throw validationError(`'idMessage' names a message that was never sent (${target.status}): there is nothing to change`);
      }
      return target;
    },

    /** Messages waiting to be sent, the one in flight included (getMessagesCount). */
    async countQueue(idInstance: number): Promise<number> {
      return (await deps.queue.waitingMessageCounts(idInstance)).get(idInstance) ?? 0;
    },

    async showQueue(idInstance: number): Promise<QueueItem[]> {
      const waiting = await deps.queue.listQueuedMessages(idInstance, queueListLimit);
      return waiting.map((m) => ({ messageID: m.idMessage, type: m.method, body: m.requestBody }));
    },

    /** Ends every waiting message as failed ("queue cleared"), each told to the bot as its status. */
    async clearQueue(idInstance: number): Promise<number> {
      const end = { status: 'failed' as const, at: deps.clock.now(), description: clearedDescription };
      const cleared = await deps.queue.endWaitingMessages(idInstance, end);
      for (const m of cleared) {
        deps.onStatus({ idInstance, idMessage: m.idMessage, chatId: m.chatId, status: 'failed', at: end.at, description: end.description });
      }
      return cleared.length;
    },

    /**
     * A delivery or read receipt: moves the status forward (never back) and reports the change. A receipt
     * that overtakes the record of its send (possible over a network) waits for that record.
     */
    async applyReceipt(receipt: Receipt): Promise<void> {
      const { moved, message } = await receiptCommit(receipt);
      if (!message) return;
      if (moved) deps.onStatus({ ...receipt, chatId: message.chatId, description: null });
      else if (isWaiting(message.status) && early.size < earlyReceiptLimit) {
        const key = receiptKey(receipt);
        early.set(key, [...(early.get(key) ?? []), receipt]);
      }
    },

    /** Resolves once every accepted message and every receipt handed in so far is written. */
    async flushed(): Promise<void> {
      await commit.flushed();
      await receiptCommit.flushed();
    },

    /** Called once a status is recorded: applies receipts that arrived before the send was recorded. */
    async statusRecorded(event: MessageStatusEvent): Promise<void> {
      const key = receiptKey(event);
      const waiting = early.get(key);
      if (!waiting) return;
      early.delete(key);
      for (const receipt of waiting) await this.applyReceipt(receipt);
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;

function receiptKey(message: { idInstance: number; idMessage: string }): string {
  return `${message.idInstance}|${message.idMessage}`;
}

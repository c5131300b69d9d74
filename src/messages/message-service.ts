// Accepting messages into the durable queue (answered only once committed), showing and clearing the
// queue, and applying receipts to message statuses.

import type { Clock } from '../core/clock.js';
import { createGroupCommit } from '../core/group-commit.js';
import { newMessageId } from '../core/ids.js';
import type { Store } from '../store/store.js';
import type { MessageStatusEvent } from './message-events.js';
import type { MessageContent, NewOutgoingMessage, SendMethod } from './message.js';

export interface MessageServiceDeps {
  store: Store;
  clock: Clock;
  /** Tells the dispatcher an instance has new work. */
  wake: (idInstance: number) => void;
  onStatus: (event: MessageStatusEvent) => void;
}

export interface AcceptInput {
  idInstance: number;
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

export function createMessageService(deps: MessageServiceDeps) {
  const commit = createGroupCommit<NewOutgoingMessage>((batch) => deps.store.enqueueMessages(batch));

  return {
    /** Resolves with the idMessage once the message is committed to the instance's queue. */
    async accept(input: AcceptInput): Promise<{ idMessage: string }> {
      const message: NewOutgoingMessage = { ...input, idMessage: newMessageId(), acceptedAt: deps.clock.now() };
      await commit(message);
      deps.wake(input.idInstance);
      return { idMessage: message.idMessage };
    },

    async showQueue(idInstance: number): Promise<QueueItem[]> {
      const waiting = await deps.store.listQueuedMessages(idInstance, queueListLimit);
      return waiting.map((m) => ({ messageID: m.idMessage, type: m.method, body: m.requestBody }));
    },

    async clearQueue(idInstance: number): Promise<number> {
      return deps.store.clearQueue(idInstance, deps.clock.now());
    },

    /** A delivery or read receipt: moves the status forward (never back) and reports the change. */
    async applyReceipt(event: { idInstance: number; idMessage: string; status: 'delivered' | 'read'; at: number }) {
      const moved = await deps.store.advanceMessageStatus(event.idInstance, event.idMessage, event.status, event.at);
      if (!moved) return;
      const message = await deps.store.getMessage(event.idInstance, event.idMessage);
      if (!message) return;
      deps.onStatus({ ...event, chatId: message.chatId, description: null });
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;

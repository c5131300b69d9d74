// The outgoing messages' port for what happens after the queue: reading a message, and moving its status
// forward as receipts arrive. Which status may follow which is decided by the caller (message.ts).

import type { MessageStatus, OutgoingMessage } from './message.js';

export interface StatusChange {
  idInstance: number;
  idMessage: string;
  status: MessageStatus;
  at: number;
  /** The statuses the message may move from (the domain's rule, applied by the store atomically). */
  from: readonly MessageStatus[];
}

export interface StatusChangeResult {
  moved: boolean;
  /** The message as it now stands; undefined when there is none. */
  message: OutgoingMessage | undefined;
}

export interface MessageStore {
  getMessage(idInstance: number, idMessage: string): Promise<OutgoingMessage | undefined>;
  /** Applies the changes in one transaction; each answer carries the message as it now stands. */
  advanceMessageStatuses(items: readonly StatusChange[]): Promise<StatusChangeResult[]>;
}

// Events about messages that the rest of the gateway (the notification journal) listens to.

import type { MessageContent, MessageStatus } from './message.js';

export interface MessageStatusEvent {
  idInstance: number;
  idMessage: string;
  chatId: string;
  status: MessageStatus;
  at: number;
  description: string | null;
  /** What was sent, on a `sent` event (saves the notification a read of the store). */
  content?: MessageContent;
}

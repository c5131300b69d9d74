// The message journal methods (getMessage, getChatHistory, lastIncomingMessages, lastOutgoingMessages)
// in GREEN-API's entry shape, and the check that a quoted message belongs to the chat.

import type { Clock } from '../core/clock.js';
import { validationError, WaypostError } from '../core/errors.js';
import { isEditOrDelete, type MessageContent, type OutgoingMessage } from './message.js';
import { outgoingMessageData, type MessageData } from './message-data.js';
import type { IncomingRecord, MessageJournalStore } from './message-journal-store.js';
import type { MessageStore } from './message-store.js';

export interface JournalServiceDeps {
  messages: MessageStore;
  journal: MessageJournalStore;
  clock: Clock;
  /** Other ids of the same chat (a contact's LID beside its number), as the transport recorded them. */
  chatAliases?: (idInstance: number, chatId: string) => Promise<string[]>;
}

export type JournalEntry = Record<string, unknown> & { type: 'incoming' | 'outgoing'; timestamp: number };

const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Spreads messageData's content beside typeMessage, as GREEN-API's journal shows it: the text of a text
 * message as textMessage, and a file's fields (downloadUrl, caption, fileName, ...) at the top.
 */
function flatten(data: MessageData): Record<string, unknown> {
  const text = (data.textMessageData as { textMessage?: string } | undefined)?.textMessage;
  const file = data.fileMessageData as Record<string, unknown> | undefined;
  const { textMessageData: _text, fileMessageData: _file, ...rest } = data;
  return { ...rest, ...file, ...(text !== undefined ? { textMessage: text } : {}) };
}

export function outgoingEntry(message: OutgoingMessage): JournalEntry {
  const status = message.status === 'expired' ? 'failed' : message.status === 'queued' || message.status === 'sending' ? 'pending' : message.status;
  return {
    type: 'outgoing',
    idMessage: message.idMessage,
    timestamp: seconds(message.sentAt ?? message.acceptedAt),
    chatId: message.chatId,
    ...flatten(outgoingMessageData(message.content)),
    statusMessage: status,
    sendByApi: true,
  };
}

export function incomingEntry(record: IncomingRecord): JournalEntry {
  return {
    type: 'incoming',
    idMessage: record.idMessage,
    timestamp: seconds(record.receivedAt),
    chatId: record.chatId,
    senderId: record.sender,
    senderName: record.senderName,
    senderContactName: '',
    ...flatten(record.messageData as MessageData),
  };
}

export function createJournalService(deps: JournalServiceDeps) {
  const { messages, journal, clock } = deps;
  return {
    async getMessage(idInstance: number, chatId: string, idMessage: string): Promise<JournalEntry> {
      const outgoing = await messages.getMessage(idInstance, idMessage);
      if (outgoing && outgoing.chatId === chatId) return outgoingEntry(outgoing);
      const incoming = await journal.getIncoming(idInstance, idMessage);
      if (incoming && incoming.chatId === chatId) return incomingEntry(incoming);
      throw new WaypostError('not_found', `chat ${chatId} has no message ${idMessage}`);
    },

    /** The link of a file message of the chat, sent or received (downloadFile). */
    async fileUrl(idInstance: number, chatId: string, idMessage: string): Promise<string> {
      const outgoing = await messages.getMessage(idInstance, idMessage);
      const incoming = outgoing ? undefined : await journal.getIncoming(idInstance, idMessage);
      if (outgoing?.chatId !== chatId && incoming?.chatId !== chatId) throw new WaypostError('not_found', `chat ${chatId} has no message ${idMessage}`);
      const url = outgoing ? outgoing.content.file?.urlFile : (incoming!.messageData.fileMessageData as { downloadUrl?: string } | undefined)?.downloadUrl;
      if (url === undefined) throw validationError(`message ${idMessage} is not a file message`);
      if (url === '') throw new WaypostError('not_found', `the file of message ${idMessage} was not kept (it was too large, or its download failed)`);
      return url;
    },

    /** The chat's newest messages, both directions, newest first. */
    async chatHistory(idInstance: number, chatId: string, count: number): Promise<JournalEntry[]> {
      const [incoming, outgoing] = await Promise.all([
        journal.listIncomingInChat(idInstance, chatId, count),
        journal.listOutgoingInChat(idInstance, chatId, count),
      ]);
      const entries = [...incoming.map(incomingEntry), ...outgoing.map(outgoingEntry)];
      return entries.sort((a, b) => b.timestamp - a.timestamp).slice(0, count);
    },

    async lastIncoming(idInstance: number, minutes: number): Promise<JournalEntry[]> {
      return (await journal.listIncomingSince(idInstance, clock.now() - minutes * 60_000)).map(incomingEntry);
    },

    async lastOutgoing(idInstance: number, minutes: number): Promise<JournalEntry[]> {
      return (await journal.listOutgoingSince(idInstance, clock.now() - minutes * 60_000)).map(outgoingEntry);
    },

    /**
     * What forwarding a message of the chat sends again: a message the API sent (as it was, without its
     * quote), or a received text. Undefined for anything else (an edit, a file, a message of another chat).
     */
    async forwardableContent(idInstance: number, chatId: string, idMessage: string): Promise<MessageContent | undefined> {
      const sent = await messages.getMessage(idInstance, idMessage);
      // A poll is not forwarded: its secret belongs to it alone.
      if (sent?.chatId === chatId && !isEditOrDelete(sent.content) && sent.content.kind !== 'poll') {
        const { quotedMessageId: _quote, typingTimeMs: _typing, archiveChat: _archive, ...content } = sent.content;
        return { ...content, forwarded: true };
      }
      const received = await journal.getIncoming(idInstance, idMessage);
      const data = received?.chatId === chatId ? received.messageData : undefined;
      const text = (data?.textMessageData as { textMessage?: string } | undefined)?.textMessage ?? (data?.extendedTextMessageData as { text?: string } | undefined)?.text;
      return text ? { kind: 'text', text, forwarded: true } : undefined;
    },

    /** A quote must name a message of the same chat (under either of its ids), sent or received. */
    async requireQuotable(idInstance: number, chatId: string, quotedMessageId: string): Promise<void> {
      const quoted = (await messages.getMessage(idInstance, quotedMessageId)) ?? (await journal.getIncoming(idInstance, quotedMessageId));
      if (quoted?.chatId === chatId) return;
      if (quoted && (await deps.chatAliases?.(idInstance, chatId))?.includes(quoted.chatId)) return;
      throw validationError(`'quotedMessageId' names no message of chat ${chatId}`);
    },
  };
}

export type JournalService = ReturnType<typeof createJournalService>;

// Read marks (blue ticks) on what people sent the instance: readChat on request, every message as it
// arrives (markIncomingMessagesReaded), or a chat's messages when the bot answers in it
// (markIncomingMessagesReadedOnReply, which then takes precedence, as on GREEN-API).

import { validationError, WaypostError } from '../core/errors.js';
import type { Instance } from '../instances/instance.js';
import type { Transport } from '../transports/transport.js';
import type { IncomingRecord, MessageJournalStore } from './message-journal-store.js';

export interface ReadMarksDeps {
  journal: Pick<MessageJournalStore, 'listIncomingInChat'>;
  transport: Pick<Transport, 'readMessages'>;
  getInstance: (idInstance: number) => Promise<Instance | undefined>;
}

/** How far back a chat is read: its newest received messages. */
const chatReadLimit = 100;

export function createReadMarks(deps: ReadMarksDeps) {
  async function read(idInstance: number, chatId: string, messages: Pick<IncomingRecord, 'idMessage' | 'sender'>[]): Promise<void> {
    if (messages.length === 0 || !deps.transport.readMessages) return;
    await deps.transport.readMessages(idInstance, chatId, messages.map(({ idMessage, sender }) => ({ idMessage, sender })));
  }

  /** The chat's received messages, newest first: all, or from the given one back. */
  async function received(idInstance: number, chatId: string, upTo?: string): Promise<IncomingRecord[]> {
    const newest = await deps.journal.listIncomingInChat(idInstance, chatId, chatReadLimit);
    if (!upTo) return newest;
    const at = newest.findIndex((m) => m.idMessage === upTo);
    if (at < 0) throw validationError(`'idMessage' names no message received in chat ${chatId}`);
    return newest.slice(at);
  }

  return {
    /** readChat: the chat's messages (or those up to one) are marked read. */
    async readChat(instance: Instance, chatId: string, upTo?: string): Promise<void> {
      if (instance.state !== 'authorized') throw new WaypostError('not_authorized', 'instance account not authorized: link a phone first');
      await read(instance.idInstance, chatId, await received(instance.idInstance, chatId, upTo));
    },

    /** A message arrived: read at once when the instance asks for it. */
    async onIncoming(record: IncomingRecord): Promise<void> {
      const settings = (await deps.getInstance(record.idInstance))?.settings;
      if (settings?.markIncomingMessagesReaded !== 'yes' || settings.markIncomingMessagesReadedOnReply === 'yes') return;
      await read(record.idInstance, record.chatId, [record]);
    },

    /** The bot's message left for a chat: its received messages are read, when the instance asks for it. */
    async onSent(idInstance: number, chatId: string): Promise<void> {
      const settings = (await deps.getInstance(idInstance))?.settings;
      if (settings?.markIncomingMessagesReadedOnReply !== 'yes') return;
      await read(idInstance, chatId, await received(idInstance, chatId));
    },
  };
}

export type ReadMarks = ReturnType<typeof createReadMarks>;

// The message journal: getMessage, getChatHistory, lastIncomingMessages, lastOutgoingMessages.

import { validationError } from '../../core/errors.js';
import { requireChatId, requireObjectBody } from '../../messages/send-fields.js';
import { chatId, idMessage, journalEntry, minutes, object } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

/** A body naming one message of a chat: `{chatId, idMessage}` (getMessage, downloadFile). */
export const chatMessageDoc = {
  body: object({ chatId, idMessage }, ['chatId', 'idMessage']),
  example: { chatId: '79001234567@c.us', idMessage: 'BAE5F4886D1B4B33' },
};

export function requireChatMessage(input: unknown): { chatId: string; idMessage: string } {
  const body = requireObjectBody(input, ['chatId', 'idMessage']);
  const chatId = requireChatId(body);
  if (typeof body.idMessage !== 'string' || body.idMessage.length === 0) throw validationError("'idMessage' is required");
  return { chatId, idMessage: body.idMessage };
}

export const getMessage: ApiMethod = {
  name: 'getMessage',
  verb: 'POST',
  doc: {
    summary: 'A sent or received message of the chat, as the journal keeps it',
    ...chatMessageDoc,
    answer: journalEntry,
  },
  async handle(request, { instance, journal }) {
    const { chatId, idMessage } = requireChatMessage(request.body);
    return journal.getMessage(instance.idInstance, chatId, idMessage);
  },
};

export const getChatHistory: ApiMethod = {
  name: 'getChatHistory',
  verb: 'POST',
  doc: {
    summary: "The chat's newest messages, both directions, newest first",
    body: object({ chatId, count: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }, ['chatId']),
    example: { chatId: '79001234567@c.us', count: 10 },
    answer: { type: 'array', items: journalEntry },
  },
  async handle(request, { instance, journal }) {
    const body = requireObjectBody(request.body, ['chatId', 'count']);
    const chatId = requireChatId(body);
    const count = body.count ?? 100;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
      throw validationError("'count' must be a whole number from 1 to 1000");
    }
    return journal.chatHistory(instance.idInstance, chatId, count);
  },
};

export const lastIncomingMessages: ApiMethod = {
  name: 'lastIncomingMessages',
  verb: 'GET',
  doc: {
    summary: 'Messages received in the last minutes, newest first',
    query: { minutes },
    answer: { type: 'array', items: journalEntry },
  },
  handle: async (request, { instance, journal }) => journal.lastIncoming(instance.idInstance, parseMinutes(request.query.minutes)),
};

export const lastOutgoingMessages: ApiMethod = {
  name: 'lastOutgoingMessages',
  verb: 'GET',
  doc: {
    summary: 'Messages sent in the last minutes, newest first',
    query: { minutes },
    answer: { type: 'array', items: journalEntry },
  },
  handle: async (request, { instance, journal }) => journal.lastOutgoing(instance.idInstance, parseMinutes(request.query.minutes)),
};

/** GREEN-API's default window is 24 hours (1440 minutes). */
function parseMinutes(value: unknown): number {
  if (value === undefined || value === '') return 1440;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 525_600) {
    throw validationError("'minutes' must be a whole number of minutes from 1 to 525600");
  }
  return Number(value);
}

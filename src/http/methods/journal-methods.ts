// The message journal: getMessage, getChatHistory, lastIncomingMessages, lastOutgoingMessages.

import { validationError } from '../../core/errors.js';
import { requireChatId, requireObjectBody } from '../../messages/send-fields.js';
import type { ApiMethod } from '../api-method.js';

export const getMessage: ApiMethod = {
  name: 'getMessage',
  verb: 'POST',
  async handle(request, { instance, journal }) {
    const body = requireObjectBody(request.body, ['chatId', 'idMessage']);
    const chatId = requireChatId(body);
    if (typeof body.idMessage !== 'string' || body.idMessage.length === 0) throw validationError("'idMessage' is required");
    return journal.getMessage(instance.idInstance, chatId, body.idMessage);
  },
};

export const getChatHistory: ApiMethod = {
  name: 'getChatHistory',
  verb: 'POST',
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
  handle: async (request, { instance, journal }) => journal.lastIncoming(instance.idInstance, parseMinutes(request.query.minutes)),
};

export const lastOutgoingMessages: ApiMethod = {
  name: 'lastOutgoingMessages',
  verb: 'GET',
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

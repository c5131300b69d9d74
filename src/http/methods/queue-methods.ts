// The queues an instance has: its messages waiting to be sent, and its notifications waiting for the bot.

import { answer, idMessage } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

export const showMessagesQueue: ApiMethod = {
  name: 'showMessagesQueue',
  verb: 'GET',
  doc: {
    summary: 'The first 500 messages waiting to be sent, with the body each was sent with',
    answer: { type: 'array', items: answer({ messageID: idMessage, type: { type: 'string' }, body: { type: 'object' } }) },
  },
  handle: async (_request, { instance, messages }) => messages.showQueue(instance.idInstance),
};

export const clearMessagesQueue: ApiMethod = {
  name: 'clearMessagesQueue',
  verb: 'GET',
  doc: {
    summary: "End every waiting message as failed ('queue cleared'), each notified",
    answer: answer({ isCleared: { const: true } }),
  },
  async handle(_request, { instance, instances }) {
    await instances.clearQueue(instance);
    return { isCleared: true };
  },
};

export const getMessagesCount: ApiMethod = {
  name: 'getMessagesCount',
  verb: 'GET',
  doc: { summary: 'How many messages wait to be sent', answer: answer({ count: { type: 'integer', minimum: 0 } }) },
  handle: async (_request, { instance, messages }) => ({ count: await messages.countQueue(instance.idInstance) }),
};

export const getWebhooksCount: ApiMethod = {
  name: 'getWebhooksCount',
  verb: 'GET',
  doc: { summary: 'How many notifications wait for the bot', answer: answer({ count: { type: 'integer', minimum: 0 } }) },
  handle: async (_request, { instance, notifications }) => ({ count: await notifications.count(instance.idInstance) }),
};

export const clearWebhooksQueue: ApiMethod = {
  name: 'clearWebhooksQueue',
  verb: 'DELETE',
  doc: { summary: 'Drop every waiting notification, unread', answer: answer({ isCleared: { const: true } }) },
  async handle(_request, { instance, notifications }) {
    await notifications.clear(instance.idInstance);
    return { isCleared: true };
  },
};

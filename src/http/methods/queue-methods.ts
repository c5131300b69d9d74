// The queues an instance has: its messages waiting to be sent, and its notifications waiting for the bot.

import type { ApiMethod } from '../api-method.js';

export const showMessagesQueue: ApiMethod = {
  name: 'showMessagesQueue',
  verb: 'GET',
  handle: async (_request, { instance, messages }) => messages.showQueue(instance.idInstance),
};

export const clearMessagesQueue: ApiMethod = {
  name: 'clearMessagesQueue',
  verb: 'GET',
  async handle(_request, { instance, instances }) {
    await instances.clearQueue(instance);
    return { isCleared: true };
  },
};

export const getMessagesCount: ApiMethod = {
  name: 'getMessagesCount',
  verb: 'GET',
  handle: async (_request, { instance, messages }) => ({ count: await messages.countQueue(instance.idInstance) }),
};

export const getWebhooksCount: ApiMethod = {
  name: 'getWebhooksCount',
  verb: 'GET',
  handle: async (_request, { instance, notifications }) => ({ count: await notifications.count(instance.idInstance) }),
};

export const clearWebhooksQueue: ApiMethod = {
  name: 'clearWebhooksQueue',
  verb: 'DELETE',
  async handle(_request, { instance, notifications }) {
    await notifications.clear(instance.idInstance);
    return { isCleared: true };
  },
};

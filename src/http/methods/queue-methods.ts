// showMessagesQueue and clearMessagesQueue.

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

// readChat: mark a chat's received messages read (all, or up to one message).

import { validationError } from '../../core/errors.js';
import { requireChatId, requireObjectBody } from '../../messages/send-fields.js';
import { answer, chatId, idMessage, object } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

export const readChat: ApiMethod = {
  name: 'readChat',
  verb: 'POST',
  doc: {
    summary: "Mark the chat's received messages read (the senders see blue ticks); with idMessage, that one and those before",
    body: object({ chatId, idMessage }, ['chatId']),
    example: { chatId: '79001234567@c.us' },
    answer: answer({ setRead: { const: true } }),
  },
  async handle(request, { instance, instances }) {
    const body = requireObjectBody(request.body, ['chatId', 'idMessage']);
    const target = requireChatId(body);
    const upTo = body.idMessage;
    if (upTo !== undefined && upTo !== null && (typeof upTo !== 'string' || upTo.length === 0)) throw validationError("'idMessage' must be a message id");
    await instances.readChat(instance, { chatId: target, ...(typeof upTo === 'string' ? { idMessage: upTo } : {}) });
    return { setRead: true };
  },
};

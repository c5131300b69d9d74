// forwardMessages: messages of one chat sent again to another, marked as forwarded, each queued as a
// message of its own (answered with their ids, in order).

import { validationError } from '../../core/errors.js';
import { requireChatId, requireObjectBody } from '../../messages/send-fields.js';
import { answer, chatId, idMessage, object } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

const maxForwarded = 100;

export const forwardMessages: ApiMethod = {
  name: 'forwardMessages',
  verb: 'POST',
  doc: {
    summary: 'Forward messages of one chat (sent by the API, or received texts) to another',
    body: object({ chatId, chatIdFrom: chatId, messages: { type: 'array', items: idMessage, minItems: 1, maxItems: maxForwarded } }, ['chatId', 'chatIdFrom', 'messages']),
    example: { chatId: '79001234567@c.us', chatIdFrom: '79001234568@c.us', messages: ['BAE5F4886D1B4B33'] },
    answer: answer({ messages: { type: 'array', items: idMessage } }),
  },
  async handle(request, { instance, messages, journal }) {
    const body = requireObjectBody(request.body, ['chatId', 'chatIdFrom', 'messages']);
    const to = requireChatId(body);
    const from = requireChatId(body, 'chatIdFrom');
    const ids = body.messages;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > maxForwarded || !ids.every((id) => typeof id === 'string')) {
      throw validationError(`'messages' must be an array of 1 to ${maxForwarded} message ids`);
    }
    const contents = await Promise.all(
      ids.map(async (id: string, index) => {
        const content = await journal.forwardableContent(instance.idInstance, from, id);
        if (!content) throw validationError(`'messages[${index}]' names no message of chat ${from} that can be forwarded`);
        return content;
      }),
    );
    const forwarded: string[] = [];
    for (const content of contents) {
      forwarded.push((await messages.accept(instance, { method: 'forwardMessages', chatId: to, requestBody: body, content })).idMessage);
    }
    return { messages: forwarded };
  },
};

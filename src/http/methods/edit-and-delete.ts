// editMessage and deleteMessage: change a message the API sent. Each is queued behind that message (an
// edit never overtakes what it edits) and paced like a message; its own status tells its fate.

import { optionalBoolean, requireChatId, requireObjectBody, requireText } from '../../messages/send-fields.js';
import { answer, chatId, idMessage, idMessageAnswer, object, text } from '../openapi/schema-parts.js';
import type { ApiMethod, MethodContext } from '../api-method.js';

async function target(context: MethodContext, body: Record<string, unknown>): Promise<{ chatId: string; targetId: string }> {
  const chat = requireChatId(body);
  const named = requireText(body, 'idMessage', 128);
  await context.messages.requireChangeable(context.instance.idInstance, chat, named);
  return { chatId: chat, targetId: named };
}

export const editMessage: ApiMethod = {
  name: 'editMessage',
  verb: 'POST',
  doc: {
    summary: 'Rewrite the text of a message the API sent (e.g. a menu becomes "Chosen: green" after the tap)',
    body: object({ chatId, idMessage, message: text(20000, 'The new text') }, ['chatId', 'idMessage', 'message']),
    example: { chatId: '79001234567@c.us', idMessage: 'BAE5F4886D1B4B33', message: 'Chosen: green' },
    answer: idMessageAnswer,
  },
  async handle(request, context) {
    const body = requireObjectBody(request.body, ['chatId', 'idMessage', 'message']);
    const newText = requireText(body, 'message', 20_000);
    const { chatId: chat, targetId } = await target(context, body);
    return context.messages.accept(context.instance, { method: 'editMessage', chatId: chat, requestBody: body, content: { kind: 'edit', text: newText, targetId } });
  },
};

export const deleteMessage: ApiMethod = {
  name: 'deleteMessage',
  verb: 'POST',
  doc: {
    summary: 'Delete a message the API sent, for everyone (or only on the account\'s devices with onlySenderDelete)',
    body: object({ chatId, idMessage, onlySenderDelete: { type: 'boolean' } }, ['chatId', 'idMessage']),
    example: { chatId: '79001234567@c.us', idMessage: 'BAE5F4886D1B4B33' },
    answer: answer({}),
  },
  async handle(request, context) {
    const body = requireObjectBody(request.body, ['chatId', 'idMessage', 'onlySenderDelete']);
    const onlySenderDelete = optionalBoolean(body, 'onlySenderDelete');
    const { chatId: chat, targetId } = await target(context, body);
    await context.messages.accept(context.instance, {
      method: 'deleteMessage',
      chatId: chat,
      requestBody: body,
      content: { kind: 'delete', text: '', targetId, ...(onlySenderDelete ? { onlySenderDelete } : {}) },
    });
    // GREEN-API answers an empty body.
    return {};
  },
};

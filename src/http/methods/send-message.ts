// sendMessage: a plain text message.

import { optionalBoolean, optionalQuotedMessageId, requireChatId, requireObjectBody, requireText } from '../../messages/send-fields.js';
import type { ApiMethod } from '../api-method.js';

export const sendMessage: ApiMethod = {
  name: 'sendMessage',
  verb: 'POST',
  async handle(request, { instance, messages }) {
    const body = requireObjectBody(request.body, ['chatId', 'message', 'quotedMessageId', 'linkPreview']);
    const chatId = requireChatId(body);
    const text = requireText(body, 'message', 20_000);
    const quotedMessageId = optionalQuotedMessageId(body);
    const linkPreview = optionalBoolean(body, 'linkPreview');
    return messages.accept(instance, {
      method: 'sendMessage',
      chatId,
      requestBody: body,
      content: {
        kind: 'text',
        text,
        ...(quotedMessageId ? { quotedMessageId } : {}),
        ...(linkPreview !== undefined ? { linkPreview } : {}),
      },
    });
  },
};

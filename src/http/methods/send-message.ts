// sendMessage: a plain text message, with GREEN-API's optional preview fields.

import { requireObjectBody, requireText } from '../../messages/send-fields.js';
import { linkPreviewFields, parseLinkPreview, parseSendEnvelope, sendEnvelopeFields } from '../../messages/send-options.js';
import { idMessageAnswer, object, sendBody, text } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

export const sendMessage: ApiMethod = {
  name: 'sendMessage',
  verb: 'POST',
  doc: {
    summary: 'Send a text (with an optional preview the sender draws)',
    body: sendBody(
      {
        message: text(20000, 'The text'),
        linkPreview: { type: 'boolean' },
        typePreview: { enum: ['large', 'small'] },
        customPreview: object(
          { title: text(300, 'Title'), description: text(300, 'Description'), link: text(300, 'Link'), urlFile: { type: 'string' }, jpegThumbnail: { type: 'string', contentEncoding: 'base64' } },
          ['title'],
        ),
      },
      ['message'],
    ),
    example: { chatId: '79001234567@c.us', message: 'Hello from Waypost', typingTime: 2000 },
    answer: idMessageAnswer,
  },
  async handle(request, { instance, messages }) {
    const body = requireObjectBody(request.body, [...sendEnvelopeFields, 'message', ...linkPreviewFields]);
    const envelope = parseSendEnvelope(body);
    const text = requireText(body, 'message', 20_000);
    return messages.accept(instance, {
      method: 'sendMessage',
      chatId: envelope.chatId,
      requestBody: body,
      content: { kind: 'text', text, ...envelope.content, ...parseLinkPreview(body) },
    });
  },
};

// sendMessage: a plain text message, with GREEN-API's optional preview fields.

import { requireObjectBody, requireText } from '../../messages/send-fields.js';
import { linkPreviewFields, parseLinkPreview, parseSendEnvelope, sendEnvelopeFields } from '../../messages/send-options.js';
import type { ApiMethod } from '../api-method.js';

export const sendMessage: ApiMethod = {
  name: 'sendMessage',
  verb: 'POST',
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

// sendInteractiveButtonsReply: header, body, footer and reply buttons (sendButtons' successor).

import { idMessageAnswer, replyButtons, sendBody, text } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';
import { parseInteractiveRequest } from './interactive-envelope.js';

/**
 * GREEN-API's docs say 3, but its own chatbot example sends 5 and the hosted service takes them. WhatsApp
 * draws up to 10 native-flow buttons (3 in the bubble, the rest under "See all options", as in its
 * business templates); the numbered text lists every one for phones that draw none.
 */
export const maxInteractiveReplyButtons = 10;

export const sendInteractiveButtonsReply: ApiMethod = {
  name: 'sendInteractiveButtonsReply',
  verb: 'POST',
  doc: {
    summary: 'Send reply buttons (up to 10) with a header, a body and a footer',
    body: sendBody(
      { header: text(1024, 'Above the body'), body: text(4096, 'The text'), footer: text(1024, 'Under the body'), buttons: replyButtons(maxInteractiveReplyButtons) },
      ['body', 'buttons'],
    ),
    example: { chatId: '79001234567@c.us', header: 'Order 12', body: 'Was it delivered?', buttons: [{ buttonId: 'yes', buttonText: 'Yes' }, { buttonId: 'no', buttonText: 'No' }] },
    answer: idMessageAnswer,
  },
  async handle(request, { instance, messages }) {
    const parsed = parseInteractiveRequest(request.body, 'sendInteractiveButtonsReply', {
      types: ['reply'],
      defaultType: 'reply',
      maxButtons: maxInteractiveReplyButtons,
    });
    return messages.accept(instance, parsed);
  },
};

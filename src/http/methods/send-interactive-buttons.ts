// sendInteractiveButtons: up to 3 action buttons, each a url to open, a number to call or a code to copy.

import { actionButtons, idMessageAnswer, sendBody, text } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';
import { parseInteractiveRequest } from './interactive-envelope.js';

export const sendInteractiveButtons: ApiMethod = {
  name: 'sendInteractiveButtons',
  verb: 'POST',
  doc: {
    summary: 'Send up to 3 action buttons: a link to open, a number to call or a code to copy',
    body: sendBody({ header: text(1024, 'Above the body'), body: text(4096, 'The text'), footer: text(1024, 'Under the body'), buttons: actionButtons }, ['body', 'buttons']),
    example: {
      chatId: '79001234567@c.us',
      body: 'Need help?',
      buttons: [
        { type: 'url', buttonId: '1', buttonText: 'Open site', url: 'https://example.com' },
        { type: 'copy', buttonId: '2', buttonText: 'Copy code', copyCode: 'PROMO-2026' },
      ],
    },
    answer: idMessageAnswer,
  },
  async handle(request, { instance, messages }) {
    const parsed = parseInteractiveRequest(request.body, 'sendInteractiveButtons', { types: ['url', 'call', 'copy'] });
    return messages.accept(instance, parsed);
  },
};

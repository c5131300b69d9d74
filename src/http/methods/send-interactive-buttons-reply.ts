// sendInteractiveButtonsReply: header, body, footer and up to 3 reply buttons (sendButtons' successor).

import type { ApiMethod } from '../api-method.js';
import { parseInteractiveRequest } from './interactive-envelope.js';

export const sendInteractiveButtonsReply: ApiMethod = {
  name: 'sendInteractiveButtonsReply',
  verb: 'POST',
  async handle(request, { instance, messages }) {
    const parsed = parseInteractiveRequest(request.body, 'sendInteractiveButtonsReply', { types: ['reply'], defaultType: 'reply' });
    return messages.accept(instance, parsed);
  },
};

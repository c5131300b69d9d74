// sendInteractiveButtons: up to 3 action buttons, each a url to open, a number to call or a code to copy.

import type { ApiMethod } from '../api-method.js';
import { parseInteractiveRequest } from './interactive-envelope.js';

export const sendInteractiveButtons: ApiMethod = {
  name: 'sendInteractiveButtons',
  verb: 'POST',
  async handle(request, { instance, messages }) {
    const parsed = parseInteractiveRequest(request.body, 'sendInteractiveButtons', { types: ['url', 'call', 'copy'] });
    return messages.accept(instance, parsed);
  },
};

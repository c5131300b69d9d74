// sendButtons: a text with up to 3 reply buttons (GREEN-API's seed button method).

import type { ButtonRules } from '../../messages/send-fields.js';
import { optionalText, requireButtons, requireObjectBody, requireText } from '../../messages/send-fields.js';
import { parseSendEnvelope, sendEnvelopeFields } from '../../messages/send-options.js';
import { idMessageAnswer, replyButtons, sendBody, text } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

export const sendButtonsLimits = { messageCharacters: 4096, footerCharacters: 1024, buttons: 3, buttonCharacters: 25 };

/** The button rules every button method shares; the allowed types (and sendInteractiveButtonsReply's count) differ. */
export function buttonRules(rules: Pick<ButtonRules, 'types' | 'defaultType'> & Partial<Pick<ButtonRules, 'maxButtons'>>): ButtonRules {
  return {
    maxButtons: sendButtonsLimits.buttons,
    maxTextCharacters: sendButtonsLimits.buttonCharacters,
    maxIdCharacters: sendButtonsLimits.buttonCharacters,
    ...rules,
  };
}

export const sendButtons: ApiMethod = {
  name: 'sendButtons',
  verb: 'POST',
  doc: {
    summary: 'Send a text with 1 to 3 reply buttons (queued; answered at once with its idMessage)',
    body: sendBody({ message: text(4096, 'The text'), footer: text(1024, 'Under the text'), buttons: replyButtons(3) }, ['message', 'buttons']),
    example: { chatId: '79001234567@c.us', message: 'Pick a colour', footer: 'Waypost', buttons: [{ buttonId: '1', buttonText: 'green' }, { buttonId: '2', buttonText: 'red' }] },
    answer: idMessageAnswer,
  },
  async handle(request, { instance, messages }) {
    const body = requireObjectBody(request.body, [...sendEnvelopeFields, 'message', 'footer', 'buttons']);
    const envelope = parseSendEnvelope(body);
    const text = requireText(body, 'message', sendButtonsLimits.messageCharacters);
    const footer = optionalText(body, 'footer', sendButtonsLimits.footerCharacters);
    const buttons = requireButtons(body, buttonRules({ types: ['reply'], defaultType: 'reply' }));
    return messages.accept(instance, {
      method: 'sendButtons',
      chatId: envelope.chatId,
      requestBody: body,
      content: { kind: 'buttons', text, buttons, ...(footer ? { footer } : {}), ...envelope.content },
    });
  },
};

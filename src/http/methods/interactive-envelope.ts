// The envelope the interactive send methods share: chatId, header, body, footer, buttons, quote.

import type { ButtonRules, RequestBody } from '../../messages/send-fields.js';
import { optionalText, requireButtons, requireObjectBody, requireText } from '../../messages/send-fields.js';
import { parseSendEnvelope, sendEnvelopeFields } from '../../messages/send-options.js';
import type { AcceptInput } from '../../messages/message-service.js';
import { buttonRules, sendButtonsLimits as limits } from './send-buttons.js';

export function parseInteractiveRequest(
  rawBody: unknown,
  method: 'sendInteractiveButtonsReply' | 'sendInteractiveButtons',
  buttonTypes: Pick<ButtonRules, 'types' | 'defaultType'> & Partial<Pick<ButtonRules, 'maxButtons'>>,
): AcceptInput {
  const body: RequestBody = requireObjectBody(rawBody, [...sendEnvelopeFields, 'header', 'body', 'footer', 'buttons']);
  const envelope = parseSendEnvelope(body);
  const header = optionalText(body, 'header', limits.footerCharacters);
  const text = requireText(body, 'body', limits.messageCharacters);
  const footer = optionalText(body, 'footer', limits.footerCharacters);
  const buttons = requireButtons(body, buttonRules(buttonTypes));
  return {
    method,
    chatId: envelope.chatId,
    requestBody: body,
    content: {
      kind: method === 'sendInteractiveButtons' ? 'interactiveButtons' : 'interactiveButtonsReply',
      text,
      buttons,
      ...(header ? { header } : {}),
      ...(footer ? { footer } : {}),
      ...envelope.content,
    },
  };
}

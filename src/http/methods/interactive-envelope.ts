// The envelope the interactive send methods share: chatId, header, body, footer, buttons, quote.

import type { ButtonRules, RequestBody } from '../../messages/send-fields.js';
import { optionalQuotedMessageId, optionalText, requireButtons, requireChatId, requireObjectBody, requireText } from '../../messages/send-fields.js';
import type { AcceptInput } from '../../messages/message-service.js';
import { buttonRules, sendButtonsLimits as limits } from './send-buttons.js';

export function parseInteractiveRequest(
  rawBody: unknown,
  method: 'sendInteractiveButtonsReply' | 'sendInteractiveButtons',
  buttonTypes: Pick<ButtonRules, 'types' | 'defaultType'>,
): AcceptInput {
  const body: RequestBody = requireObjectBody(rawBody, ['chatId', 'header', 'body', 'footer', 'buttons', 'quotedMessageId']);
  const chatId = requireChatId(body);
  const header = optionalText(body, 'header', limits.footerCharacters);
  const text = requireText(body, 'body', limits.messageCharacters);
  const footer = optionalText(body, 'footer', limits.footerCharacters);
  const buttons = requireButtons(body, buttonRules(buttonTypes));
  const quotedMessageId = optionalQuotedMessageId(body);
  return {
    method,
    chatId,
    requestBody: body,
    content: {
      kind: method === 'sendInteractiveButtons' ? 'interactiveButtons' : 'interactiveButtonsReply',
      text,
      buttons,
      ...(header ? { header } : {}),
      ...(footer ? { footer } : {}),
      ...(quotedMessageId ? { quotedMessageId } : {}),
    },
  };
}

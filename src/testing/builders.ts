// Small builders for test records, shared by the contract suites and the service tests.

import { newApiToken, newMessageId } from '../core/ids.js';
import type { NewInstance } from '../instances/instance.js';
import { defaultSettings } from '../instances/settings.js';
import type { NewOutgoingMessage } from '../messages/message.js';

export function aNewInstance(overrides: Partial<NewInstance> = {}): NewInstance {
  return { name: 'test', apiToken: newApiToken(), createdAt: Date.UTC(2026, 0, 1), settings: defaultSettings(), ...overrides };
}

export function aButtonsMessage(
  idInstance: number,
  overrides: Partial<NewOutgoingMessage> = {},
): NewOutgoingMessage {
  const buttons = [
    { buttonId: '1', buttonText: 'green', type: 'reply' as const },
    { buttonId: '2', buttonText: 'red', type: 'reply' as const },
  ];
  return {
    idInstance,
    idMessage: newMessageId(),
    chatId: '79990000002@c.us',
    method: 'sendButtons',
    requestBody: { chatId: '79990000002@c.us', message: 'Pick a colour', buttons },
    content: { kind: 'buttons', text: 'Pick a colour', buttons },
    acceptedAt: Date.UTC(2026, 0, 1),
    ...overrides,
  };
}

// The settings' JSON Schema, from the same lists the settings validator uses (instances/settings.ts).

import { maxSendDelayMs, minSendDelayMs, transportNames, yesNoSettingNames } from '../../instances/settings.js';
import type { JsonSchema } from './schema-parts.js';

const settingsProperties: Record<string, JsonSchema> = {
  webhookUrl: { type: 'string', description: 'Where notifications are pushed; empty to poll them' },
  webhookUrlToken: { type: 'string', maxLength: 512, description: 'Sent as `Authorization: Bearer <token>`' },
  delaySendMessagesMilliseconds: { type: 'integer', minimum: minSendDelayMs, maximum: maxSendDelayMs },
  autoTyping: { type: 'integer', minimum: 0, maximum: 4, description: 'Stored only' },
  transport: { enum: [...transportNames], description: "Waypost's own: how the instance reaches WhatsApp" },
  ...Object.fromEntries(yesNoSettingNames.map((name) => [name, { enum: ['yes', 'no'] }])),
};

/** What setSettings takes; the read-only fields getSettings shows may be echoed back (they are ignored). */
export const settingsBody: JsonSchema = {
  type: 'object',
  properties: { ...settingsProperties, wid: {}, countryInstance: {}, typeAccount: {}, typeInstance: {} },
  additionalProperties: false,
};

export const settingsAnswer: JsonSchema = {
  type: 'object',
  properties: { wid: { type: 'string' }, countryInstance: { type: 'string' }, typeAccount: { type: 'string' }, ...settingsProperties },
  required: ['wid', ...Object.keys(settingsProperties)],
};

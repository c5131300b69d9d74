// getSettings and setSettings.

import { answer } from '../openapi/schema-parts.js';
import { settingsAnswer, settingsBody } from '../openapi/settings-schema.js';
import type { ApiMethod } from '../api-method.js';

export const getSettings: ApiMethod = {
  name: 'getSettings',
  verb: 'GET',
  doc: { summary: "The instance's settings, GREEN-API's and Waypost's own", answer: settingsAnswer },
  async handle(_request, { instance }) {
    return { wid: instance.wid ?? '', countryInstance: '', typeAccount: '', ...instance.settings };
  },
};

export const setSettings: ApiMethod = {
  name: 'setSettings',
  verb: 'POST',
  doc: {
    summary: 'Change any subset of the settings (unknown names are refused by name)',
    body: settingsBody,
    example: { delaySendMessagesMilliseconds: 1000, incomingWebhook: 'yes', webhookUrl: '' },
    answer: answer({ saveSettings: { const: true } }),
  },
  async handle(request, { instance, instances }) {
    await instances.updateSettings(instance.idInstance, request.body ?? {});
    return { saveSettings: true };
  },
};

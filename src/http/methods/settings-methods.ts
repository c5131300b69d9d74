// getSettings and setSettings.

import type { ApiMethod } from '../api-method.js';

export const getSettings: ApiMethod = {
  name: 'getSettings',
  verb: 'GET',
  async handle(_request, { instance }) {
    return { wid: instance.wid ?? '', countryInstance: '', typeAccount: '', ...instance.settings };
  },
};

export const setSettings: ApiMethod = {
  name: 'setSettings',
  verb: 'POST',
  async handle(request, { instance, instances }) {
    await instances.updateSettings(instance.idInstance, request.body ?? {});
    return { saveSettings: true };
  },
};

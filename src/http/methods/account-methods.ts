// The linked account: state, linking by QR or code, logout, reboot, and what WhatsApp knows of it.

import type { Instance } from '../../instances/instance.js';
import type { InstanceService } from '../../instances/instance-service.js';
import { reachoutLockView } from '../../notifications/notification-bodies.js';
import { answer, chatId, object, reachoutTimeLock, stateInstance } from '../openapi/schema-parts.js';
import type { ApiMethod } from '../api-method.js';

export const getStateInstance: ApiMethod = {
  name: 'getStateInstance',
  verb: 'GET',
  doc: {
    summary: "The link state; with WhatsApp's reach-out time lock while it holds",
    answer: { ...answer({ stateInstance: stateInstance }), properties: { stateInstance, reachoutTimeLock } },
  },
  handle: async (_request, { instance, instances }) => ({ stateInstance: instance.state, ...(await reachoutLockField(instances, instance)) }),
};

export const qr: ApiMethod = {
  name: 'qr',
  verb: 'GET',
  doc: {
    summary: 'A QR code to link the instance (a base64 PNG), or why there is none',
    answer: answer({ type: { enum: ['qrCode', 'alreadyLogged', 'error'] }, message: { type: 'string' } }),
  },
  handle: async (_request, { instance, instances }) => instances.qr(instance),
};

/** A body of one phone number (getAuthorizationCode, checkWhatsapp), as requireBodyPhoneNumber reads it. */
const phoneNumberBody = {
  body: object({ phoneNumber: { type: ['integer', 'string'], description: 'The number, digits only' } }, ['phoneNumber']),
  example: { phoneNumber: 79001234567 },
};

export const getAuthorizationCode: ApiMethod = {
  name: 'getAuthorizationCode',
  verb: 'POST',
  doc: {
    summary: 'A code to type on the phone with this number, instead of scanning the QR',
    ...phoneNumberBody,
    answer: answer({ status: { const: true }, code: { type: 'string' } }),
  },
  handle: async (request, { instance, instances }) => instances.pairingCode(instance, request.body),
};

export const logout: ApiMethod = {
  name: 'logout',
  verb: 'GET',
  doc: { summary: 'Unlink the phone', answer: answer({ isLogout: { const: true } }) },
  async handle(_request, { instance, instances }) {
    await instances.logout(instance);
    return { isLogout: true };
  },
};

export const reboot: ApiMethod = {
  name: 'reboot',
  verb: 'GET',
  doc: { summary: 'Reconnect the session', answer: answer({ isReboot: { const: true } }) },
  async handle(_request, { instance, instances }) {
    await instances.reboot(instance);
    return { isReboot: true };
  },
};

export const getWaSettings: ApiMethod = {
  name: 'getWaSettings',
  verb: 'GET',
  doc: {
    summary: 'The linked account: phone, state, device; with the reach-out time lock while it holds',
    answer: {
      ...answer({ avatar: { type: 'string' }, phone: { type: 'string' }, stateInstance, deviceId: { type: 'string' } }),
      properties: { avatar: { type: 'string' }, phone: { type: 'string' }, stateInstance, deviceId: { type: 'string' }, reachoutTimeLock },
    },
  },
  handle: async (_request, { instance, instances }) => ({
    avatar: '',
    phone: instance.wid ? instance.wid.split('@')[0] : '',
    stateInstance: instance.state,
    deviceId: `waypost-${instance.idInstance}`,
    ...(await reachoutLockField(instances, instance)),
  }),
};

/** Waypost's addition while WhatsApp's reach-out time lock holds: sends to new chats fail until it ends. */
async function reachoutLockField(instances: InstanceService, instance: Instance): Promise<Record<string, unknown>> {
  const lock = await instances.reachoutLock(instance.idInstance);
  return lock.isActive ? { reachoutTimeLock: reachoutLockView(lock) } : {};
}

export const checkWhatsapp: ApiMethod = {
  name: 'checkWhatsapp',
  verb: 'POST',
  doc: {
    summary: 'Whether a number has WhatsApp (answers are kept a day; at most 20 checks a minute per instance)',
    ...phoneNumberBody,
    answer: { ...answer({ existsWhatsapp: { type: 'boolean' } }), properties: { existsWhatsapp: { type: 'boolean' }, chatId } },
  },
  handle: async (request, { instance, instances }) => instances.checkWhatsapp(instance, request.body),
};

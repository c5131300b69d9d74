// The linked account: state, linking by QR or code, logout, reboot, and what WhatsApp knows of it.

import type { Instance } from '../../instances/instance.js';
import type { InstanceService } from '../../instances/instance-service.js';
import { reachoutLockView } from '../../notifications/notification-bodies.js';
import type { ApiMethod } from '../api-method.js';

export const getStateInstance: ApiMethod = {
  name: 'getStateInstance',
  verb: 'GET',
  handle: async (_request, { instance, instances }) => ({ stateInstance: instance.state, ...(await reachoutLockField(instances, instance)) }),
};

export const qr: ApiMethod = {
  name: 'qr',
  verb: 'GET',
  handle: async (_request, { instance, instances }) => instances.qr(instance),
};

export const getAuthorizationCode: ApiMethod = {
  name: 'getAuthorizationCode',
  verb: 'POST',
  handle: async (request, { instance, instances }) => instances.pairingCode(instance, request.body),
};

export const logout: ApiMethod = {
  name: 'logout',
  verb: 'GET',
  async handle(_request, { instance, instances }) {
    await instances.logout(instance);
    return { isLogout: true };
  },
};

export const reboot: ApiMethod = {
  name: 'reboot',
  verb: 'GET',
  async handle(_request, { instance, instances }) {
    await instances.reboot(instance);
    return { isReboot: true };
  },
};

export const getWaSettings: ApiMethod = {
  name: 'getWaSettings',
  verb: 'GET',
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

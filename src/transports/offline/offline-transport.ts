// The transport of an admin command run beside (or without) a serving gateway: it never connects, so
// creating, listing and deleting instances from the CLI touches only the store. The serving gateway
// opens a new instance's session the first time the instance is used.

import { WaypostError } from '../../core/errors.js';
import type { Transport, TransportAuthStore, TransportKeyStore } from '../transport.js';

export function createOfflineTransport(authStore: TransportAuthStore, keys: TransportKeyStore): Transport {
  const offline = () => new WaypostError('transport_unavailable', 'this command does not connect to WhatsApp');
  return {
    name: 'offline',
    open: async () => {},
    close: async () => {},
    qrText: async () => { throw offline(); },
    pairingCode: async () => { throw offline(); },
    send: async () => ({ outcome: 'retry', description: 'offline' }),
    logout: async (idInstance) => {
      await keys.clear(idInstance);
      await authStore.save(idInstance, null);
    },
    subscribe: () => () => {},
    stop: async () => {},
  };
}

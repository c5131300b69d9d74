// A transport's saved session kept with its instance in the store (the instance's `transportAuth`).

import type { InstanceStore } from '../instances/instance-store.js';
import type { TransportAuthStore } from './transport.js';

export function storeBackedAuth(store: Pick<InstanceStore, 'getInstance' | 'updateInstance'>): TransportAuthStore {
  return {
    load: async (idInstance) => (await store.getInstance(idInstance))?.transportAuth ?? null,
    save: async (idInstance, auth) => void (await store.updateInstance(idInstance, { transportAuth: auth })),
  };
}

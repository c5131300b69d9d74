// A transport's saved session kept with its instance in the store (the instance's `transportAuth`).

import type { Store } from '../store/store.js';
import type { TransportAuthStore } from './transport.js';

export function storeBackedAuth(store: Store): TransportAuthStore {
  return {
    load: async (idInstance) => (await store.getInstance(idInstance))?.transportAuth ?? null,
    save: async (idInstance, auth) => void (await store.updateInstance(idInstance, { transportAuth: auth })),
  };
}

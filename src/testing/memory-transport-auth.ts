// Transport auth kept in memory, for transport tests that need no instance rows.

import type { TransportAuthStore } from '../transports/transport.js';

export function createMemoryTransportAuth(): TransportAuthStore & { saved: Map<number, string> } {
  const saved = new Map<number, string>();
  return {
    saved,
    load: async (idInstance) => saved.get(idInstance) ?? null,
    save: async (idInstance, auth) => {
      if (auth === null) saved.delete(idInstance);
      else saved.set(idInstance, auth);
    },
  };
}

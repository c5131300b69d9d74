// One transport for the gateway that hands each instance to the transport its settings name. Transports
// are loaded on first use, so a gateway whose instances all use the sandbox never loads WhatsApp Web.

import { WaypostError } from '../core/errors.js';
import { createEventHub } from '../core/event-hub.js';
import type { Transport, TransportEvent } from './transport.js';

export interface TransportRouterDeps<Name extends string> {
  transports: Record<Name, () => Promise<Transport>>;
  /** The transport an instance is to use now (read when its session opens). */
  transportOf(idInstance: number): Promise<Name>;
  onError?: (error: unknown) => void;
}

export function createTransportRouter<Name extends string>(deps: TransportRouterDeps<Name>): Transport {
  const loaded = new Map<Name, Promise<Transport>>();
  const openedWith = new Map<number, Transport>();
  const hub = createEventHub<TransportEvent>(deps.onError);

  function load(name: Name): Promise<Transport> {
    let transport = loaded.get(name);
    if (!transport) {
      transport = deps.transports[name]().then((t) => {
        // An event about an instance now on another transport (one just switched away) is stale.
        t.subscribe((event) => {
          const owner = openedWith.get(event.idInstance);
          if (!owner || owner === t) hub.publish(event);
        });
        return t;
      });
      transport.catch(() => loaded.delete(name));
      loaded.set(name, transport);
    }
    return transport;
  }

  async function current(idInstance: number): Promise<Transport> {
    return openedWith.get(idInstance) ?? load(await deps.transportOf(idInstance));
  }

  return {
    name: 'router',
    async open(idInstance) {
      const transport = await load(await deps.transportOf(idInstance));
      openedWith.set(idInstance, transport);
      await transport.open(idInstance);
    },
    async close(idInstance) {
      const transport = openedWith.get(idInstance);
      openedWith.delete(idInstance);
      await transport?.close(idInstance);
    },
    qrText: async (idInstance) => (await current(idInstance)).qrText(idInstance),
    pairingCode: async (idInstance, phone) => (await current(idInstance)).pairingCode(idInstance, phone),
    send: async (idInstance, message) => (await current(idInstance)).send(idInstance, message),
    showTyping: async (idInstance, chatId) => (await current(idInstance)).showTyping?.(idInstance, chatId),
    setOnline: async (idInstance, online) => (await current(idInstance)).setOnline?.(idInstance, online),
    readMessages: async (idInstance, chatId, messages) => (await current(idInstance)).readMessages?.(idInstance, chatId, messages),
    async checkNumber(idInstance, phone) {
      const transport = await current(idInstance);
      if (!transport.checkNumber) throw new WaypostError('transport_unavailable', `the ${transport.name} transport cannot check numbers`);
      return transport.checkNumber(idInstance, phone);
    },
    archiveChat: async (idInstance, chatId, last) => (await current(idInstance)).archiveChat?.(idInstance, chatId, last),
    logout: async (idInstance) => (await current(idInstance)).logout(idInstance),
    subscribe: hub.subscribe,
    async stop() {
      const transports = await Promise.allSettled([...loaded.values()]);
      await Promise.all(transports.map((t) => (t.status === 'fulfilled' ? t.value.stop() : undefined)));
      openedWith.clear();
    },
  };
}

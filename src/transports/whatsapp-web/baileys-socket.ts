// The real WhatsApp Web socket: baileys' makeWASocket behind the narrow port. No full history, not shown
// online, the built-in protocol version (asking WhatsApp for the latest one would go to the internet).

import { Browsers, makeWASocket } from 'baileys';
import type { Logger } from 'pino';
import type { WaSocketFactory } from './wa-socket.js';

export interface BaileysSocketOptions {
  logger: Logger;
  /** Overrides WhatsApp's endpoint (tests point it at a loopback server). */
  webSocketUrl?: string | null;
}

export function createBaileysSocketFactory(options: BaileysSocketOptions): WaSocketFactory {
  return ({ idInstance, auth, getMessage }) => {
    const socket = makeWASocket({
      auth,
      logger: options.logger.child({ idInstance, transport: 'whatsapp-web' }),
      browser: Browsers.ubuntu('Waypost'),
      markOnlineOnConnect: false,
      // Not the full history; the default still syncs the small initial parts that carry LID mappings.
      syncFullHistory: false,
      getMessage: async (key) => (key.id ? getMessage(key.id) : undefined),
      ...(options.webSocketUrl ? { waWebSocketUrl: options.webSocketUrl } : {}),
    });
    return {
      get user() {
        return socket.user;
      },
      ev: socket.ev,
      onMessageAck: (listener) => void socket.ws.on('CB:ack,class:message', listener),
      relayMessage: (jid, message, relayOptions) => socket.relayMessage(jid, message, relayOptions),
      requestPairingCode: (phoneNumber) => socket.requestPairingCode(phoneNumber),
      sendPresenceUpdate: (type, jid) => socket.sendPresenceUpdate(type, jid),
      chatModify: (modification, jid) => socket.chatModify(modification, jid),
      phoneNumberOfLid: (lid) => socket.signalRepository.lidMapping.getPNForLID(lid),
      fetchReachoutTimelock: async () => void (await socket.fetchAccountReachoutTimelock()),
      logout: () => socket.logout(),
      end: (error) => void socket.end(error).catch(() => {}),
    };
  };
}

// The real WhatsApp Web socket: baileys' makeWASocket behind the narrow port. No full history, not shown
// online, the built-in protocol version (asking WhatsApp for the latest one would go to the internet).

import { Browsers, getBinaryNodeChild, getBinaryNodeChildren, makeWASocket, type BinaryNode } from 'baileys';
import type { Logger } from 'pino';
import type { RetryRequest, WaSocketFactory } from './wa-socket.js';

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
      // Retries are answered from getMessage, not from baileys' own cache of sent messages: that cache would
      // re-send a button message without its stanza nodes (see onRetryRequest).
      enableRecentMessageCache: false,
      ...(options.webSocketUrl ? { waWebSocketUrl: options.webSocketUrl } : {}),
    });
    return {
      get user() {
        return socket.user;
      },
      ev: socket.ev,
      onMessageAck: (listener) => void socket.ws.on('CB:ack,class:message', listener),
      relayMessage: (jid, message, relayOptions) => socket.relayMessage(jid, message, relayOptions),
      onRetryRequest: (listener) =>
        void socket.ws.on('CB:receipt', (node: BinaryNode) => {
          if (node.attrs.type !== 'retry') return;
          const request = retryRequestOf(node);
          // baileys queues its own handling of this receipt on its receipt mutex first; queued after it,
          // ours runs once the session is prepared for the re-send.
          setImmediate(() => void socket.receiptMutex.mutex(async () => listener(request)));
        }),
      requestPairingCode: (phoneNumber) => socket.requestPairingCode(phoneNumber),
      uploadMedia: (encFilePath, uploadOptions) => socket.waUploadToServer(encFilePath, uploadOptions),
      sendPresenceUpdate: (type, jid) => socket.sendPresenceUpdate(type, jid),
      chatModify: (modification, jid) => socket.chatModify(modification, jid),
      phoneNumberOfLid: (lid) => socket.signalRepository.lidMapping.getPNForLID(lid),
      readMessages: (keys) => socket.readMessages(keys),
      onWhatsApp: async (jid) => (await socket.onWhatsApp(jid))?.map((r) => ({ exists: !!r.exists, jid: r.jid })),
      fetchReachoutTimelock: async () => void (await socket.fetchAccountReachoutTimelock()),
      logout: () => socket.logout(),
      end: (error) => void socket.end(error).catch(() => {}),
    };
  };
}

/** The parts of a retry receipt baileys itself reads (messages-recv's handleReceipt). */
function retryRequestOf(node: BinaryNode): RetryRequest {
  const { attrs, content } = node;
  const items = Array.isArray(content) && content[0] ? getBinaryNodeChildren(content[0], 'item').map((i) => i.attrs.id as string) : [];
  return {
    remoteJid: attrs.from as string,
    participant: (attrs.participant || attrs.from) as string,
    ids: [attrs.id as string, ...items].filter(Boolean),
    count: Number(getBinaryNodeChild(node, 'retry')?.attrs.count ?? 1),
  };
}

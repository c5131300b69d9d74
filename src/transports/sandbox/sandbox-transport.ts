// The sandbox transport: links each instance to the simulated WhatsApp network, in-process or remote
// (both behind SandboxSessionApi), and keeps the session up with backoff while the network drops it.

import { backoffDelayMs } from '../../core/backoff.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { WaypostError } from '../../core/errors.js';
import { createEventHub } from '../../core/event-hub.js';
import { textAsSent } from '../../messages/numbered-buttons.js';
import { changeData, outgoingMessageData, reactionData } from '../../messages/message-data.js';
import { mimeTypeOf } from '../../files/file-kinds.js';
import type { ChatState, NetworkEvent, NetworkIncoming, SandboxSessionApi } from '../../sandbox/sandbox-types.js';
import { asOtherMessage, type IncomingMessage, type OutgoingEnvelope, type SendResult, type Transport, type TransportAuthStore, type TransportEvent } from '../transport.js';

export interface SandboxTransportDeps {
  network: SandboxSessionApi;
  authStore: TransportAuthStore;
  clock: Clock;
  onError?: (error: unknown) => void;
  onWarning?: (idInstance: number, message: string) => void;
}

interface Session {
  open: boolean;
  linked: boolean;
  /** The network's name for this session's live connection (sends go over it). */
  connection: string | null;
  attempt: number;
  retryTimer: TimerHandle | null;
}

const reconnectBackoff = { baseMs: 250, maxMs: 10_000 };

export function createSandboxTransport(deps: SandboxTransportDeps): Transport {
  const sessions = new Map<number, Session>();
  const hub = createEventHub<TransportEvent>(deps.onError);
  const sessionIdOf = (idInstance: number) => `wa${idInstance}`;

  function setState(idInstance: number, state: 'authorized' | 'notAuthorized' | 'starting' | 'sleepMode', wid: string | null) {
    const session = sessions.get(idInstance);
    if (session) session.linked = state === 'authorized';
    hub.publish({ type: 'state', idInstance, state, wid });
  }

  async function connect(idInstance: number): Promise<void> {
    const session = sessions.get(idInstance);
    if (!session?.open) return;
    const auth = await deps.authStore.load(idInstance);
    try {
      const result = await deps.network.connect(sessionIdOf(idInstance), auth, (e) => onNetworkEvent(idInstance, e));
      session.attempt = 0;
      session.connection = result.connection;
      if (result.linked) setState(idInstance, 'authorized', result.wid);
      else {
        if (auth !== null) await deps.authStore.save(idInstance, null);
        setState(idInstance, 'notAuthorized', null);
      }
    } catch (error) {
      deps.onError?.(error);
      setState(idInstance, 'starting', null);
      scheduleReconnect(idInstance);
    }
  }

  function scheduleReconnect(idInstance: number): void {
    const session = sessions.get(idInstance);
    if (!session?.open || session.retryTimer) return;
    const delayMs = backoffDelayMs(session.attempt++, reconnectBackoff);
    session.retryTimer = deps.clock.setTimer(() => {
      session.retryTimer = null;
      void connect(idInstance);
    }, delayMs);
  }

  function onNetworkEvent(idInstance: number, event: NetworkEvent): void {
    switch (event.type) {
      case 'linked':
        void deps.authStore
          .save(idInstance, event.deviceToken)
          .then(() => setState(idInstance, 'authorized', event.wid), deps.onError);
        break;
      case 'loggedOut':
        void deps.authStore.save(idInstance, null).then(() => setState(idInstance, 'notAuthorized', null), deps.onError);
        break;
      case 'dropped':
        setState(idInstance, 'starting', null);
        scheduleReconnect(idInstance);
        break;
      case 'replaced': {
        // Another connection took the session over (another node owns the instance now): never fight it.
        const session = sessions.get(idInstance);
        if (session) {
          session.open = false;
          session.connection = null;
          session.retryTimer?.cancel();
        }
        deps.onWarning?.(idInstance, 'another connection took over this instance\'s sandbox session: not reconnecting');
        setState(idInstance, 'sleepMode', null);
        break;
      }
      case 'receipt':
        hub.publish({ type: 'receipt', idInstance, idMessage: event.idMessage, status: event.status, at: event.at });
        break;
      case 'incoming': {
        const m = event.message;
        hub.publish({
          type: 'incoming',
          idInstance,
          message: {
            idMessage: m.idMessage,
            chatId: m.chatId,
            sender: m.from,
            senderName: m.senderName ?? '',
            receivedAt: m.receivedAt,
            ...(m.text !== undefined ? { text: m.text } : {}),
            ...(m.quotedMessageId ? { quotedMessageId: m.quotedMessageId } : {}),
            ...(m.buttonReply ? { buttonReply: m.buttonReply } : {}),
            ...(m.fromMe ? { fromMe: true } : {}),
            ...(m.change ? { other: asOtherMessage(changeData(m.change.stanzaId, m.change.text)) } : {}),
            ...(m.location ? { other: asOtherMessage(outgoingMessageData({ kind: 'location', text: '', location: m.location })) } : {}),
            ...(m.contact ? { other: asOtherMessage(outgoingMessageData({ kind: 'contact', text: '', contact: m.contact })) } : {}),
            ...(m.reaction ? { other: asOtherMessage(reactionData(m.reaction.stanzaId, m.reaction.emoji)) } : {}),
            ...(m.pollVote ? { pollVote: m.pollVote } : {}),
            ...(m.file ? incomingFile(m.file) : {}),
          },
        });
        break;
      }
    }
  }

  /** A phone's file: its notification shape now, its bytes kept by the gateway (base64 over the network). */
  function incomingFile(file: NonNullable<NetworkIncoming['file']>): Pick<IncomingMessage, 'other' | 'file'> {
    const data = outgoingMessageData({ kind: 'file', text: file.caption ?? '', file: { urlFile: '', fileName: file.fileName } });
    const bytes = Buffer.from(file.data, 'base64');
    return {
      other: asOtherMessage(data),
      file: { fileName: file.fileName, mimeType: mimeTypeOf(file.fileName), size: bytes.length, read: async () => bytes },
    };
  }

  /** The connection of a linked session, which every call on the account's behalf goes over. */
  function linkedConnection(idInstance: number): string | undefined {
    const session = sessions.get(idInstance);
    return session?.linked && session.connection ? session.connection : undefined;
  }

  /** Typing and archiving are courtesies: on a session that is not linked they do nothing. */
  async function chatState(idInstance: number, chatId: string, state: ChatState): Promise<void> {
    const connection = linkedConnection(idInstance);
    if (connection) await deps.network.chatState(sessionIdOf(idInstance), connection, chatId, state);
  }

  function requireConnected(idInstance: number): void {
    const session = sessions.get(idInstance);
    if (!session?.open) throw new WaypostError('transport_unavailable', 'the instance is not connected to the sandbox');
  }

  return {
    name: 'sandbox',

    async open(idInstance) {
      const existing = sessions.get(idInstance);
      if (existing?.open) return;
      sessions.set(idInstance, { open: true, linked: false, connection: null, attempt: 0, retryTimer: null });
      hub.publish({ type: 'state', idInstance, state: 'starting', wid: null });
      await connect(idInstance);
    },

    async close(idInstance) {
      const session = sessions.get(idInstance);
      if (!session) return;
      session.open = false;
      session.retryTimer?.cancel();
      sessions.delete(idInstance);
      if (session.connection) await deps.network.disconnect(sessionIdOf(idInstance), session.connection).catch(deps.onError);
    },

    async qrText(idInstance) {
      requireConnected(idInstance);
      return deps.network.qr(sessionIdOf(idInstance)).catch(unavailable);
    },

    async pairingCode(idInstance, phoneNumber) {
      requireConnected(idInstance);
      return deps.network.pairingCode(sessionIdOf(idInstance), phoneNumber).catch(unavailable);
    },

    async send(idInstance, message: OutgoingEnvelope): Promise<SendResult> {
      const connection = linkedConnection(idInstance);
      if (!connection) return { outcome: 'retry', description: 'the instance is not linked' };
      const { content } = message;
      // Deleted only on the account's own devices: the recipient's phone keeps it (and the sandbox shows no sender's view).
      if (content.kind === 'delete' && content.onlySenderDelete) return { outcome: 'sent' };
      let result;
      try {
        result = await deps.network.send(sessionIdOf(idInstance), connection, {
          idMessage: message.idMessage,
          chatId: message.chatId,
          type: content.kind,
          text: textAsSent(content),
          ...(content.header !== undefined ? { header: content.header } : {}),
          ...(content.footer !== undefined ? { footer: content.footer } : {}),
          ...(content.buttons !== undefined ? { buttons: content.buttons } : {}),
          ...(content.quotedMessageId !== undefined ? { quotedMessageId: content.quotedMessageId } : {}),
          ...(content.preview !== undefined ? { preview: content.preview } : {}),
          ...(content.targetId !== undefined ? { targetId: content.targetId } : {}),
          ...(content.location ? { location: content.location } : {}),
          ...(content.contact ? { contact: content.contact } : {}),
          ...(content.forwarded ? { forwarded: true } : {}),
          ...(content.poll ? { poll: { options: content.poll.options, multipleAnswers: content.poll.multipleAnswers } } : {}),
          ...(content.file && message.file
            ? { file: { fileName: content.file.fileName, mimeType: message.file.mimeType, data: message.file.bytes.toString('base64') } }
            : {}),
        });
      } catch (error) {
        return { outcome: 'retry', description: `sandbox unreachable: ${(error as Error).message}` };
      }
      if (result === 'ok') return { outcome: 'sent' };
      if (result === 'notConnected') return { outcome: 'retry', description: 'the sandbox connection is down' };
      return { outcome: result };
    },

    async checkNumber(idInstance, phone) {
      const connection = linkedConnection(idInstance);
      if (!connection) throw new WaypostError('not_authorized', 'instance account not authorized: link a phone first');
      const answer = await deps.network.checkNumber(sessionIdOf(idInstance), connection, phone).catch(unavailable);
      if (answer === 'notConnected') throw new WaypostError('transport_unavailable', 'the sandbox connection is down; try again in a moment');
      return { exists: answer.exists, chatId: answer.exists ? `${phone}@c.us` : null };
    },

    async readMessages(idInstance, chatId, messages) {
      const connection = linkedConnection(idInstance);
      if (connection) await deps.network.markRead(sessionIdOf(idInstance), connection, chatId, messages.map((m) => m.idMessage));
    },

    showTyping: (idInstance, chatId) => chatState(idInstance, chatId, 'typing'),
    archiveChat: (idInstance, chatId) => chatState(idInstance, chatId, 'archived'),

    async logout(idInstance) {
      await deps.network.logout(sessionIdOf(idInstance)).catch(deps.onError);
      await deps.authStore.save(idInstance, null);
      setState(idInstance, 'notAuthorized', null);
    },

    subscribe: hub.subscribe,

    async stop() {
      await Promise.all([...sessions.keys()].map((id) => this.close(id)));
    },
  };
}

function unavailable(error: unknown): never {
  if (error instanceof WaypostError) throw error;
  throw new WaypostError('transport_unavailable', `the sandbox did not answer: ${(error as Error).message}`);
}

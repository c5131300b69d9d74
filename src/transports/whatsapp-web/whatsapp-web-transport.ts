// The WhatsApp Web transport: links each instance to a real WhatsApp account over the multi-device
// protocol (baileys, behind the narrow WaSocket port), keeps the session up by the reconnect policy, and
// turns sends, acks, receipts and incoming messages into the transport port's words.

import { randomBytes } from 'node:crypto';
import { normalizeMessageContent, type BinaryNode, type proto, type WAMessage } from 'baileys';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { WaypostError } from '../../core/errors.js';
import { createEventHub } from '../../core/event-hub.js';
import type { InstanceState } from '../../instances/instance.js';
import { recordChatAliases } from '../chat-aliases.js';
import type { IncomingMessage, OutgoingEnvelope, SendResult, Transport, TransportEvent } from '../transport.js';
import { createAckWaiters, type AckWaiters } from './ack-waiters.js';
import { decideReconnect } from './reconnect-policy.js';
import { loadStoredAuthState, wipeStoredAuthState, type AuthStores } from './wa-auth-state.js';
import { incomingFromWa, receiptOfStatus } from './wa-incoming.js';
import { unsupportedKindOf } from './wa-incoming-kinds.js';
import { chatIdsOf, withPhoneNumbers } from './wa-lid.js';
import { readPollVote } from './wa-poll-votes.js';
import { createReachoutGuard, type ReachoutGuard } from './wa-reachout.js';
import { chatIdOfJid, isGroupChat, jidOfChatId } from './wa-jid.js';
import { buildWaOutgoing, type QuotedMessage } from './wa-outgoing.js';
import { incomingFileOf, uploadMedia, type UploadedMedia } from './wa-media.js';
import { fileKindOf } from '../../files/file-kinds.js';
import type { RetryRequest, WaEvents, WaSocket, WaSocketFactory } from './wa-socket.js';

export interface WhatsAppWebTransportDeps {
  createSocket: WaSocketFactory;
  auth: AuthStores;
  clock: Clock;
  onError?: (error: unknown) => void;
  /** Why a session stopped for good (replaced, forbidden): worth a line in the log. */
  onWarning?: (idInstance: number, message: string) => void;
  /** An incoming kind Waypost has no GREEN-API shape for (reported as unsupportedMessage). */
  onUnmapped?: (idInstance: number, kind: string) => void;
  /** A poll the API sent, from the store (its secret reads the votes). */
  pollOf?: (idInstance: number, pollId: string) => Promise<{ secret: string; options: string[] } | null>;
}

export interface WhatsAppWebTransportOptions {
  /** How long a send waits for the server's ack before it is retried. */
  ackTimeoutMs: number;
  /** How long the qr and pairing-code calls wait for a fresh connection to offer a QR. */
  linkWaitMs: number;
}

const defaultOptions: WhatsAppWebTransportOptions = { ackTimeoutMs: 30_000, linkWaitMs: 5_000 };

/** Recent messages kept per session: for quoting them and for recipients' retry requests. */
const recentLimit = 500;

/** A message that passed through the session: for quotes, and for re-sending it on a retry request. */
interface RecentMessage {
  message: proto.IMessage;
  participant: string;
  /** The stanza nodes a sent message went with (buttons need them on every copy). */
  additionalNodes?: BinaryNode[];
}

interface Session {
  idInstance: number;
  socket: WaSocket | null;
  /** Bumped for every socket: events of an abandoned socket are ignored. */
  generation: number;
  linked: boolean;
  qr: string | null;
  qrWaiters: Set<() => void>;
  attempt: number;
  retryTimer: TimerHandle | null;
  acks: AckWaiters;
  recent: Map<string, RecentMessage>;
  reachout: ReachoutGuard;
  credsWrites: Promise<void>;
  /** Incoming messages are reported in order, each after its sender's LID was looked up. */
  incoming: Promise<void>;
}

export function createWhatsAppWebTransport(
  deps: WhatsAppWebTransportDeps,
  options: Partial<WhatsAppWebTransportOptions> = {},
): Transport {
  const settings = { ...defaultOptions, ...options };
  const sessions = new Map<number, Session>();
  const hub = createEventHub<TransportEvent>(deps.onError);
  const onError = (error: unknown) => deps.onError?.(error);

  function setState(session: Session, state: InstanceState, wid: string | null = null): void {
    session.linked = state === 'authorized';
    hub.publish({ type: 'state', idInstance: session.idInstance, state, wid });
  }

  async function connect(session: Session): Promise<void> {
    const generation = ++session.generation;
    const auth = await loadStoredAuthState(session.idInstance, deps.auth);
    if (sessions.get(session.idInstance) !== session || generation !== session.generation) return;
    const socket = deps.createSocket({
      idInstance: session.idInstance,
      auth: auth.state,
      // Messages with stanza nodes are re-sent by onRetry below; baileys would drop the nodes.
      getMessage: (id) => {
        const recent = session.recent.get(id);
        return recent?.additionalNodes?.length ? undefined : recent?.message;
      },
    });
    session.socket = socket;
    const current = () => sessions.get(session.idInstance) === session && generation === session.generation;
    const on = <E extends keyof WaEvents>(event: E, listener: (arg: WaEvents[E]) => void) =>
      socket.ev.on(event, (arg) => {
        if (current()) listener(arg);
      });
    // Creds are written in order, each before the next; keys are written inside baileys' own `keys.set`.
    // An abandoned socket's late update is dropped: it must not bring back a session that was wiped.
    on('creds.update', () => {
      session.credsWrites = session.credsWrites.then(() => auth.saveCreds()).catch(onError);
    });
    on('connection.update', (update) => void onConnectionUpdate(session, socket, update).catch(onError));
    on('messages.upsert', (upsert) => {
      session.incoming = session.incoming.then(() => onMessages(session, socket, upsert)).catch(onError);
    });
    on('messages.update', (updates) => {
      for (const { key, update } of updates) {
        if (key.fromMe && key.id) receipt(session, key.id, receiptOfStatus(update.status));
      }
    });
    on('message-receipt.update', (updates) => {
      for (const { key, receipt: r } of updates) {
        if (key.fromMe && key.id) receipt(session, key.id, r.readTimestamp ? 'read' : r.receiptTimestamp ? 'delivered' : null);
      }
    });
    socket.onMessageAck((ack) => {
      if (current()) onAck(session, ack.attrs);
    });
    socket.onRetryRequest((request) => {
      if (current()) void onRetry(session, socket, request).catch(onError);
    });
  }

  async function onConnectionUpdate(session: Session, socket: WaSocket, update: WaEvents['connection.update']) {
    if (update.qr) {
      session.qr = update.qr;
      for (const wake of session.qrWaiters) wake();
      setState(session, 'notAuthorized');
      hub.publish({ type: 'qr', idInstance: session.idInstance, qr: update.qr });
    }
    if (update.reachoutTimeLock) await session.reachout.onServerUpdate(update.reachoutTimeLock);
    if (update.connection === 'open') {
      session.attempt = 0;
      session.qr = null;
      await session.credsWrites;
      setState(session, 'authorized', socket.user ? chatIdOfJid(socket.user.id) : null);
      // A lock may have started or ended while the session was away: the server says which.
      socket.fetchReachoutTimelock().catch(onError);
    }
    if (update.connection === 'close') await onClose(session, statusCodeOf(update.lastDisconnect?.error));
  }

  async function onClose(session: Session, statusCode: number | undefined): Promise<void> {
    dropSocket(session, 'the connection to WhatsApp closed before the server acknowledged');
    const decision = decideReconnect(statusCode, session.attempt++);
    switch (decision.action) {
      case 'reconnectNow':
        await session.credsWrites;
        return connect(session);
      case 'reconnectLater':
        setState(session, 'starting');
        session.retryTimer = deps.clock.setTimer(() => {
          session.retryTimer = null;
          connect(session).catch(onError);
        }, decision.delayMs);
        return;
      case 'loggedOut':
        await session.credsWrites;
        await wipeStoredAuthState(session.idInstance, deps.auth);
        setState(session, 'notAuthorized');
        session.attempt = 0;
        return connect(session);
      case 'stop':
        deps.onWarning?.(session.idInstance, `WhatsApp Web session stopped (${statusCode}): ${decision.reason}; reboot the instance to reconnect`);
        setState(session, decision.state);
    }
  }

  async function onMessages(session: Session, socket: WaSocket, upsert: WaEvents['messages.upsert']): Promise<void> {
    if (upsert.type !== 'notify') return;
    for (const wa of upsert.messages) {
      const read = incomingFromWa(await withPhoneNumbers(wa, socket));
      // Our own sends are not echoed as a rule; should one come back, it is no message from the phone.
      if (!read || (read.fromMe && session.recent.has(read.idMessage))) continue;
      const message = await withPollVote(session, socket, wa, read);
      if (!isGroupChat(message.chatId)) {
        const chatIds = [message.chatId, ...(message.chatAliases ?? [])];
        await session.reachout.remember(chatIds);
        await recordChatAliases(deps.auth.keys, session.idInstance, chatIds);
      }
      if (wa.message) remember(session, message.idMessage, wa.message, jidOfChatId(message.sender));
      const unsupported = unsupportedKindOf(message.other);
      if (unsupported) deps.onUnmapped?.(session.idInstance, unsupported);
      const content = message.other && normalizeMessageContent(wa.message);
      const file = content ? incomingFileOf(content) : null;
      hub.publish({ type: 'incoming', idInstance: session.idInstance, message: file ? { ...message, file } : message });
    }
  }

  /** A vote in a poll the API sent is read with the poll's stored secret; one it cannot read stays unsupported. */
  async function withPollVote(session: Session, socket: WaSocket, wa: WAMessage, message: IncomingMessage): Promise<IncomingMessage> {
    if (!deps.pollOf || !socket.user || unsupportedKindOf(message.other) !== 'pollUpdateMessage') return message;
    const pollOf = deps.pollOf;
    try {
      const vote = await readPollVote(wa, { ownJid: socket.user.id, pollOf: (pollId) => pollOf(session.idInstance, pollId) });
      if (!vote) return message;
      const { other: _unsupported, ...rest } = message;
      return { ...rest, pollVote: vote };
    } catch (error) {
      onError(error);
      return message;
    }
  }

  function receipt(session: Session, idMessage: string, status: 'delivered' | 'read' | null): void {
    if (status) hub.publish({ type: 'receipt', idInstance: session.idInstance, idMessage, status, at: deps.clock.now() });
  }

  function onAck(session: Session, attrs: Record<string, string>): void {
    const idMessage = attrs.id;
    if (!idMessage) return;
    const error = attrs.error;
    if (!error) {
      session.acks.settle(idMessage, { outcome: 'sent' });
      return;
    }
    if (error === '463') {
      // Locked: keep it (for now an hour), and ask the server for the real end.
      session.reachout
        .onRefusedReachout()
        .then(() => session.socket?.fetchReachoutTimelock())
        .catch(onError);
    }
    session.acks.settle(idMessage, { outcome: 'failed', description: `WhatsApp refused the message (ack error ${error})` });
  }

  /**
   * A recipient's device asks again for messages it could not decrypt. baileys re-sends those getMessage
   * gives it; a buttons message is re-sent here, with the same stanza nodes, or it would not render on
   * that device. Like baileys: to every device when the primary one asks, else to the one that asked.
   */
  async function onRetry(session: Session, socket: WaSocket, request: RetryRequest): Promise<void> {
    for (const id of request.ids) {
      const recent = session.recent.get(id);
      if (!recent?.additionalNodes?.length) continue;
      const toEveryDevice = !/:\d+@/.test(request.participant);
      await socket.relayMessage(request.remoteJid, recent.message, {
        messageId: id,
        additionalNodes: recent.additionalNodes,
        ...(toEveryDevice ? { useUserDevicesCache: false } : { participant: { jid: request.participant, count: request.count } }),
      });
    }
  }

  function remember(session: Session, id: string, message: proto.IMessage, participant: string, additionalNodes?: BinaryNode[]): void {
    session.recent.set(id, { message, participant, ...(additionalNodes?.length ? { additionalNodes } : {}) });
    if (session.recent.size > recentLimit) session.recent.delete(session.recent.keys().next().value as string);
  }

  /** The quoted message's author: known if it passed through this session, else the other party of a direct chat. */
  function quotedOf(session: Session, quotedId: string | undefined, chatId: string): QuotedMessage | undefined {
    if (!quotedId) return undefined;
    const known = session.recent.get(quotedId);
    return { id: quotedId, participant: known?.participant ?? jidOfChatId(chatId), ...(known ? { message: known.message } : {}) };
  }

  /** Waits until the session offers a QR (a fresh connection does within a few seconds). */
  async function waitForQr(session: Session): Promise<string> {
    if (session.linked) throw new WaypostError('conflict', 'the instance is already linked');
    if (session.qr) return session.qr;
    await new Promise<void>((resolve) => {
      const timer = deps.clock.setTimer(done, settings.linkWaitMs);
      function done() {
        timer.cancel();
        session.qrWaiters.delete(done);
        resolve();
      }
      session.qrWaiters.add(done);
    });
    if (!session.qr) throw new WaypostError('transport_unavailable', 'WhatsApp has not offered a QR code yet');
    return session.qr;
  }

  function requireSession(idInstance: number): Session {
    const session = sessions.get(idInstance);
    if (!session) throw new WaypostError('transport_unavailable', 'the instance is not connected to WhatsApp');
    return session;
  }

  /** The socket of a linked session, for courtesies (typing, archiving) that are skipped when there is none. */
  function linkedSocket(idInstance: number): WaSocket | undefined {
    const session = sessions.get(idInstance);
    return session?.linked ? session.socket ?? undefined : undefined;
  }

  /** Forgets the session's socket: its later events are ignored, and sends waiting on it are retried. */
  function dropSocket(session: Session, reason: string): void {
    session.generation++;
    session.socket = null;
    session.linked = false;
    session.qr = null;
    session.acks.settleAll({ outcome: 'retry', description: reason });
  }

  function endSession(session: Session): void {
    session.reachout.stop();
    session.retryTimer?.cancel();
    session.retryTimer = null;
    const socket = session.socket;
    dropSocket(session, 'the instance was disconnected');
    socket?.end(undefined);
  }

  return {
    name: 'whatsapp-web',

    async open(idInstance) {
      if (sessions.has(idInstance)) return;
      const session: Session = {
        idInstance,
        socket: null,
        generation: 0,
        linked: false,
        qr: null,
        qrWaiters: new Set(),
        attempt: 0,
        retryTimer: null,
        acks: createAckWaiters(deps.clock, settings.ackTimeoutMs),
        recent: new Map(),
        reachout: createReachoutGuard({
          idInstance,
          keys: deps.auth.keys,
          clock: deps.clock,
          onChange: (lock) => hub.publish({ type: 'reachoutLock', idInstance, lock }),
          onError,
        }),
        credsWrites: Promise.resolve(),
        incoming: Promise.resolve(),
      };
      sessions.set(idInstance, session);
      setState(session, 'starting');
      await connect(session);
    },

    async close(idInstance) {
      const session = sessions.get(idInstance);
      if (!session) return;
      sessions.delete(idInstance);
      endSession(session);
      await session.credsWrites;
    },

    qrText: async (idInstance) => waitForQr(requireSession(idInstance)),

    async pairingCode(idInstance, phoneNumber) {
      const session = requireSession(idInstance);
      await waitForQr(session);
      if (!session.socket) throw new WaypostError('transport_unavailable', 'the connection to WhatsApp closed; try again');
      return session.socket.requestPairingCode(phoneNumber);
    },

    async send(idInstance, envelope: OutgoingEnvelope): Promise<SendResult> {
      const session = sessions.get(idInstance);
      const socket = session?.socket;
      if (!session?.linked || !socket) return { outcome: 'retry', description: 'the instance is not connected to WhatsApp' };
      const { chatId, content, idMessage } = envelope;
      if (content.kind === 'delete' && content.onlySenderDelete) {
        // Deleted on this account's devices only: a change of its app state, not a message.
        const key = { remoteJid: jidOfChatId(chatId), fromMe: true, id: content.targetId ?? '' };
        await socket.chatModify({ deleteForMe: { key, timestamp: deps.clock.now(), deleteMedia: false } }, jidOfChatId(chatId));
        return { outcome: 'sent' };
      }
      const refusal = isGroupChat(chatId) ? null : await session.reachout.refusal(await chatIdsOf(chatId, socket));
      if (refusal) return { outcome: 'failed', description: refusal };
      const nowSeconds = Math.floor(deps.clock.now() / 1000);
      let media: UploadedMedia | undefined;
      if (envelope.file) {
        try {
          media = await uploadMedia(socket, envelope.file, fileKindOf(envelope.file.mimeType), nowSeconds);
        } catch (error) {
          return { outcome: 'retry', description: `the file could not be uploaded to WhatsApp: ${(error as Error).message}` };
        }
      }
      const built = buildWaOutgoing(content, {
        chatId,
        nowSeconds,
        messageSecret: randomBytes(32),
        ...(media ? { media } : {}),
        ...(content.quotedMessageId ? { quoted: quotedOf(session, content.quotedMessageId, chatId) } : {}),
      });
      const acked = session.acks.wait(idMessage);
      try {
        await socket.relayMessage(jidOfChatId(chatId), built.message, { messageId: idMessage, additionalNodes: built.additionalNodes });
      } catch (error) {
        session.acks.settle(idMessage, { outcome: 'retry', description: `WhatsApp Web did not take the message: ${(error as Error).message}` });
        return acked;
      }
      const ownJid = socket.user ? jidOfChatId(chatIdOfJid(socket.user.id)) : '';
      remember(session, idMessage, built.message, ownJid, built.additionalNodes);
      const result = await acked;
      if (result.outcome === 'sent' && !isGroupChat(chatId)) await session.reachout.remember([chatId]).catch(onError);
      return result;
    },

    async readMessages(idInstance, chatId, messages) {
      const socket = linkedSocket(idInstance);
      const remoteJid = jidOfChatId(chatId);
      const participant = (sender: string) => (isGroupChat(chatId) ? { participant: jidOfChatId(sender) } : {});
      await socket?.readMessages(messages.map((m) => ({ remoteJid, id: m.idMessage, fromMe: false, ...participant(m.sender) })));
    },

    async checkNumber(idInstance, phone) {
      const socket = linkedSocket(idInstance);
      if (!socket) throw new WaypostError('not_authorized', 'instance account not authorized: link a phone first');
      const found = (await socket.onWhatsApp(`${phone}@s.whatsapp.net`))?.find((r) => r.exists);
      return { exists: !!found, chatId: found ? chatIdOfJid(found.jid) : null };
    },

    async setOnline(idInstance, online) {
      await linkedSocket(idInstance)?.sendPresenceUpdate(online ? 'available' : 'unavailable');
    },

    async showTyping(idInstance, chatId) {
      const socket = linkedSocket(idInstance);
      await socket?.sendPresenceUpdate('composing', jidOfChatId(chatId));
    },

    async archiveChat(idInstance, chatId, last) {
      const socket = linkedSocket(idInstance);
      const jid = jidOfChatId(chatId);
      const lastMessages = [{ key: { remoteJid: jid, id: last.idMessage, fromMe: true }, messageTimestamp: Math.floor(last.at / 1000) }];
      await socket?.chatModify({ archive: true, lastMessages }, jid);
    },

    async logout(idInstance) {
      const session = sessions.get(idInstance);
      const socket = session?.linked ? session.socket : null;
      if (session) session.generation++;
      // Tell WhatsApp to remove the device; the session is forgotten here whether or not it answers.
      await socket?.logout().catch(onError);
      if (session) endSession(session);
      await session?.credsWrites;
      await wipeStoredAuthState(idInstance, deps.auth);
      if (!session || sessions.get(idInstance) !== session) return;
      setState(session, 'notAuthorized');
      await connect(session);
    },

    subscribe: hub.subscribe,

    async stop() {
      await Promise.all([...sessions.keys()].map((id) => this.close(id)));
    },
  };
}

function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

// A fake of WhatsApp's servers as the narrow WaSocket port sees them: sockets that offer QRs, pair (with
// the 515 restart real pairing ends in), reconnect with saved creds, relay and ack messages, and phones that
// write, tap, read and remove devices. What cannot be reached here (WhatsApp itself) is all it stands for.

import { readFile } from 'node:fs/promises';
import { FakeWaMedia } from './fake-wa-media.js';
import type { BinaryNode, ChatModification, proto, WAMessageKey } from 'baileys';
import type { RelayOptions, RetryRequest, WaEvents, WaSocket, WaSocketOptions } from '../transports/whatsapp-web/wa-socket.js';

export interface RelayedMessage {
  idMessage: string;
  jid: string;
  message: proto.IMessage;
  additionalNodes: BinaryNode[];
  fromPhone: string;
  /** The one device a re-send went to (a retry request's). */
  participant?: string;
}

/** How the server acknowledges the next relays: ok, with an error code, or not at all. */
export type AckMode = { ok: true } | { error: string } | { silent: true };

export function disconnectError(statusCode: number): Error {
  return Object.assign(new Error(`connection closed (${statusCode})`), { output: { statusCode } });
}

export class FakeWaNetwork {
  readonly sockets: FakeWaSocket[] = [];
  readonly relayed: RelayedMessage[] = [];
  /** WhatsApp's media servers: what the sockets uploaded, and what tests serve to them. */
  readonly media = new FakeWaMedia();
  /** Presence updates and chat changes the sockets sent, in order. */
  readonly presences: { type: string; jid: string }[] = [];
  readonly chatChanges: { modification: ChatModification; jid: string }[] = [];
  /** Read receipts the sockets sent, in order. */
  readonly readReceipts: WAMessageKey[] = [];
  /** Numbers (digits) that have no WhatsApp account. */
  readonly withoutWhatsApp = new Set<string>();
  /** The LID mappings baileys would have stored (LID jid → phone-number jid). */
  readonly lidMappings = new Map<string, string>();
  /** The account's reach-out time lock as the server reports it, and how often it was asked. */
  reachoutLock: { isActive: boolean; timeEnforcementEnds?: Date; enforcementType?: string } = { isActive: false };
  reachoutFetches = 0;
  ackMode: AckMode = { ok: true };
  /** Linked devices: the device's noise key (base64) → its phone. */
  private readonly devices = new Map<string, string>();
  private readonly offers = new Map<string, FakeWaSocket>();
  private counter = 0;

  createSocket = (options: WaSocketOptions): WaSocket => {
    const socket = new FakeWaSocket(this, options);
    this.sockets.push(socket);
    setImmediate(() => this.greet(socket));
    return socket;
  };

  /** The live socket of an instance (the newest one not ended). */
  socketOf(idInstance: number): FakeWaSocket | undefined {
    return this.sockets.filter((s) => s.options.idInstance === idInstance && !s.ended).at(-1);
  }

  link(phone: string, offer: string): void {
    const socket = this.offers.get(offer);
    if (!socket || socket.ended) throw new Error(`no connection is showing ${offer}`);
    this.offers.delete(offer);
    const { creds, keys } = socket.options.auth;
    this.devices.set(deviceKeyOf(socket), phone);
    // As in real pairing: the device learns who it is, stores keys, then the server asks for a restart.
    const update = { me: { id: `${phone}:7@s.whatsapp.net`, name: '' }, registered: true };
    Object.assign(creds, update);
    socket.emit('creds.update', update);
    void Promise.resolve(keys.set({ 'pre-key': { '1': { public: Buffer.from([1, 2]), private: Buffer.from([3, 4]) } } })).then(() =>
      socket.end(disconnectError(515)),
    );
  }

  /** An 8-character code (like WhatsApp's) that links `socket` when typed on the phone. */
  offerPairingCode(socket: FakeWaSocket): string {
    const code = `PAIR${String(++this.counter).padStart(4, '0')}`;
    this.offers.set(code, socket);
    return code;
  }

  // ---- the phone side ----

  /** What the phone of `phone` received, oldest first. */
  inboxOf(phone: string): RelayedMessage[] {
    return this.relayed.filter((m) => m.jid === `${phone}@s.whatsapp.net`);
  }

  /** The phone writes to the account `toPhone`; its linked devices receive it, and it reads what they sent. */
  phoneSends(phone: string, toPhone: string, input: { text: string; quotedMessageId?: string }): string {
    const message: proto.IMessage = input.quotedMessageId
      ? { extendedTextMessage: { text: input.text, contextInfo: { stanzaId: input.quotedMessageId } } }
      : { conversation: input.text };
    return this.fromPhone(phone, toPhone, message);
  }

  /** The phone taps a native-flow quick_reply button of a message it received. */
  phoneTaps(phone: string, idMessage: string, buttonId: string): string {
    const tapped = this.inboxOf(phone).find((m) => m.idMessage === idMessage);
    if (!tapped) throw new Error(`${phone} never received ${idMessage}`);
    return this.fromPhone(phone, tapped.fromPhone, {
      interactiveResponseMessage: {
        body: { text: buttonId },
        nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: JSON.stringify({ id: buttonId }), version: 3 },
        contextInfo: { stanzaId: idMessage },
      },
    });
  }

  /**
   * Any message to the account `toPhone` as WhatsApp would deliver it, with the key fields given (a LID
   * sender, a group participant): for shapes the phone helpers above do not make.
   */
  deliver(toPhone: string, key: Partial<WAMessageKey> & { remoteJid: string }, message: proto.IMessage): string {
    const id = this.nextId('3EB0');
    for (const socket of this.linkedSocketsOf(toPhone)) {
      const upsert = { key: { fromMe: false, id, ...key }, message, messageTimestamp: Math.floor(Date.now() / 1000), pushName: 'Ann' };
      socket.emit('messages.upsert', { type: 'notify', messages: [upsert] });
    }
    return id;
  }

  /** The server tells every linked socket of `phone` its reach-out time lock (as baileys reports it). */
  announceReachoutLock(phone: string, lock: FakeWaNetwork['reachoutLock']): void {
    this.reachoutLock = lock;
    for (const socket of this.linkedSocketsOf(phone)) socket.emit('connection.update', { reachoutTimeLock: lock as never });
  }

  private fromPhone(phone: string, toPhone: string, message: proto.IMessage): string {
    const id = this.nextId('3EB0');
    const remoteJid = `${phone}@s.whatsapp.net`;
    const messageTimestamp = Math.floor(Date.now() / 1000);
    for (const socket of this.linkedSocketsOf(toPhone)) {
      socket.emit('messages.upsert', { type: 'notify', messages: [{ key: { remoteJid, fromMe: false, id }, message, messageTimestamp, pushName: 'Ann' }] });
      const read = this.relayed.filter((m) => m.jid === remoteJid && m.fromPhone === toPhone);
      socket.emit('messages.update', read.map((m) => ({ key: { remoteJid, id: m.idMessage, fromMe: true }, update: { status: 4 } })));
    }
    return id;
  }

  /** Every live connection drops (a network blip): close code 428. */
  dropAll(): void {
    for (const socket of this.sockets) socket.end(disconnectError(428));
  }

  /** Every socket of a device linked to `phone` (the phone's linked devices). */
  linkedSocketsOf(phone: string): FakeWaSocket[] {
    return this.sockets.filter((s) => !s.ended && s.user && this.devices.get(deviceKeyOf(s)) === phone);
  }

  unlink(phone: string): void {
    for (const [key, owner] of [...this.devices]) if (owner === phone) this.devices.delete(key);
    for (const socket of this.sockets) {
      if (!socket.ended && socket.user?.id.startsWith(`${phone}:`)) socket.end(disconnectError(401));
    }
  }

  removeDevice(socket: FakeWaSocket): void {
    this.devices.delete(deviceKeyOf(socket));
  }

  nextId(prefix: string): string {
    return `${prefix}${String(++this.counter).padStart(12, '0')}`;
  }

  relay(socket: FakeWaSocket, relayed: Omit<RelayedMessage, 'fromPhone'>): void {
    this.relayed.push({ ...relayed, fromPhone: socket.user?.id.split(':')[0] ?? '' });
    const mode = this.ackMode;
    if ('silent' in mode) return;
    setImmediate(() => {
      const attrs: Record<string, string> = { class: 'message', id: relayed.idMessage, from: relayed.jid };
      if ('error' in mode) attrs.error = mode.error;
      socket.ack({ tag: 'ack', attrs });
      if (!('error' in mode)) socket.emit('messages.update', [{ key: { remoteJid: relayed.jid, id: relayed.idMessage, fromMe: true }, update: { status: 3 } }]);
    });
  }

  private greet(socket: FakeWaSocket): void {
    if (socket.ended) return;
    const { creds } = socket.options.auth;
    if (creds.me) {
      if (!this.devices.has(deviceKeyOf(socket))) return socket.end(disconnectError(401));
      socket.user = { id: creds.me.id };
      socket.emit('connection.update', { connection: 'open' });
      return;
    }
    const offer = this.nextId('fake-qr-');
    this.offers.set(offer, socket);
    socket.emit('connection.update', { qr: offer });
  }
}

export class FakeWaSocket implements WaSocket {
  user: { id: string } | undefined;
  ended = false;
  private readonly listeners = new Map<string, Array<(arg: unknown) => void>>();
  private readonly ackListeners: Array<(ack: BinaryNode) => void> = [];
  private readonly retryListeners: Array<(request: RetryRequest) => void> = [];

  constructor(
    private readonly network: FakeWaNetwork,
    readonly options: WaSocketOptions,
  ) {}

  ev = {
    on: <E extends keyof WaEvents>(event: E, listener: (arg: WaEvents[E]) => void) => {
      const list = this.listeners.get(event) ?? [];
      list.push(listener as (arg: unknown) => void);
      this.listeners.set(event, list);
    },
  };

  emit<E extends keyof WaEvents>(event: E, arg: WaEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(arg);
  }

  ack(node: BinaryNode): void {
    for (const listener of this.ackListeners) listener(node);
  }

  onMessageAck(listener: (ack: BinaryNode) => void): void {
    this.ackListeners.push(listener);
  }

  async relayMessage(jid: string, message: proto.IMessage, options: RelayOptions) {
    if (this.ended || !this.user) throw new Error('Connection Closed');
    this.network.relay(this, {
      idMessage: options.messageId,
      jid,
      message,
      additionalNodes: options.additionalNodes ?? [],
      ...(options.participant ? { participant: options.participant.jid } : {}),
    });
    return options.messageId;
  }

  onRetryRequest(listener: (request: RetryRequest) => void): void {
    this.retryListeners.push(listener);
  }

  /** A recipient device asks for `ids` again: baileys re-sends what getMessage gives it, then the listeners run. */
  async retryRequested(request: RetryRequest): Promise<void> {
    for (const id of request.ids) {
      const message = this.options.getMessage(id);
      if (message) await this.relayMessage(request.remoteJid, message, { messageId: id, participant: { jid: request.participant, count: request.count } });
    }
    for (const listener of this.retryListeners) listener(request);
  }

  async sendPresenceUpdate(type: 'composing' | 'paused' | 'available' | 'unavailable', jid?: string): Promise<void> {
    if (this.ended || !this.user) throw new Error('Connection Closed');
    this.network.presences.push({ type, jid: jid ?? '' });
  }

  async chatModify(modification: ChatModification, jid: string): Promise<void> {
    if (this.ended || !this.user) throw new Error('Connection Closed');
    this.network.chatChanges.push({ modification, jid });
  }

  async readMessages(keys: WAMessageKey[]): Promise<void> {
    if (this.ended || !this.user) throw new Error('Connection Closed');
    this.network.readReceipts.push(...keys);
  }

  async onWhatsApp(jid: string): Promise<{ exists: boolean; jid: string }[]> {
    if (this.ended || !this.user) throw new Error('Connection Closed');
    const digits = jid.split('@')[0] as string;
    return this.network.withoutWhatsApp.has(digits) ? [] : [{ exists: true, jid: `${digits}@s.whatsapp.net` }];
  }

  async phoneNumberOfLid(lid: string): Promise<string | null> {
    return this.network.lidMappings.get(lid) ?? null;
  }

  async fetchReachoutTimelock(): Promise<void> {
    if (this.ended) throw new Error('Connection Closed');
    this.network.reachoutFetches++;
    const lock = this.network.reachoutLock;
    setImmediate(() => this.emit('connection.update', { reachoutTimeLock: lock as never }));
  }

  async uploadMedia(encFilePath: string, options: { fileEncSha256B64: string; mediaType: string }): Promise<{ mediaUrl: string; directPath: string }> {
    if (this.ended || !this.user) throw new Error('Connection Closed');
    const directPath = `/v/t62.7118-24/${options.mediaType}-${Buffer.from(options.fileEncSha256B64, 'base64').toString('hex').slice(0, 24)}.enc`;
    const mediaUrl = await this.network.media.put(directPath, await readFile(encFilePath));
    return { mediaUrl, directPath };
  }

  async requestPairingCode(): Promise<string> {
    if (this.ended) throw new Error('Connection Closed');
    return this.network.offerPairingCode(this);
  }

  async logout(): Promise<void> {
    this.network.removeDevice(this);
    this.end(disconnectError(401));
  }

  end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }
}

/** A relayed message as the phone shows it: its text, the ids of its buttons, what it quotes. */
export function shownOnPhone(relayed: RelayedMessage) {
  const m = relayed.message;
  const interactive = m.interactiveMessage;
  const buttons = interactive?.nativeFlowMessage?.buttons ?? [];
  const context = interactive?.contextInfo ?? m.extendedTextMessage?.contextInfo;
  return {
    idMessage: relayed.idMessage,
    text: m.conversation ?? m.extendedTextMessage?.text ?? interactive?.body?.text ?? '',
    buttonIds: buttons.map((b) => String((JSON.parse(b.buttonParamsJson ?? '{}') as { id?: unknown }).id ?? '')),
    quotedMessageId: context?.stanzaId ?? null,
  };
}

function deviceKeyOf(socket: FakeWaSocket): string {
  return Buffer.from(socket.options.auth.creds.noiseKey.public).toString('base64');
}

// The simulated WhatsApp network: linked devices (the gateway's sessions), virtual phones with the
// messages they received, receipts, button taps, and injected faults. Runs inside the gateway or alone.

import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { validationError, WaypostError } from '../core/errors.js';
import { newIncomingMessageId } from '../core/ids.js';
import { createLinkTickets } from './link-tickets.js';
import type { NetworkJournal } from './network-journal.js';
import { asReceived, parsePhoneContent } from './phone-content.js';
import { PhoneBook, type JournalEntry } from './phone-book.js';
import {
  SandboxUnavailableError,
  type ConnectResult,
  type ChatState,
  type NetworkEvent,
  type NetworkIncoming,
  type NetworkOutgoing,
  type NetworkSendResult,
  type PhoneMessage,
  type PhoneSentMessage,
  type SandboxFaults,
  type SandboxSessionApi,
} from './sandbox-types.js';

export interface SandboxNetworkDeps {
  clock: Clock;
  journal: NetworkJournal<JournalEntry>;
}

interface LiveSession {
  onEvent: (event: NetworkEvent) => void;
  deviceToken: string | null;
  connection: string;
}

export class SandboxNetwork implements SandboxSessionApi {
  private readonly sessions = new Map<string, LiveSession>();
  private connections = 0;
  private readonly book: PhoneBook;
  private readonly tickets;
  private faults: SandboxFaults = { noAccount: [], dropUntil: null, ackDelayMs: 0 };
  /** When "typing..." started in a chat ("recipient|sender"), until the sender's next message there. */
  private readonly typingSince = new Map<string, number>();
  /** What each phone sent, with read marks (in memory, like receipts: a restarted sandbox forgets them). */
  private readonly sentByPhone = new Map<string, Map<string, PhoneSentMessage>>();
  /** Push names the phones gave (in memory: a restarted sandbox falls back to the default names). */
  private readonly names = new Map<string, string>();

  constructor(private readonly deps: SandboxNetworkDeps) {
    this.book = new PhoneBook(deps.journal);
    this.tickets = createLinkTickets(deps.clock);
  }

  // ---- the session side: what a linked device (the gateway's transport) does ----

  async connect(sessionId: string, deviceToken: string | null, onEvent: (e: NetworkEvent) => void): Promise<ConnectResult> {
    if (this.dropping()) throw new SandboxUnavailableError('the sandbox network is dropping connections');
    const device = deviceToken ? this.book.device(deviceToken) : undefined;
    const connection = `${sessionId}/${++this.connections}`;
    // As WhatsApp does (code 440): a new connection of the same session closes the one before it.
    const replaced = this.sessions.get(sessionId);
    this.sessions.set(sessionId, { onEvent, deviceToken: device ? deviceToken : null, connection });
    if (replaced && replaced.onEvent !== onEvent) replaced.onEvent({ type: 'replaced' });
    if (!device) return { linked: false, connection };
    const pending = this.book.takePending(device.token);
    if (pending.length > 0) {
      // Messages that arrived while the device was offline come in right after it reconnects.
      setImmediate(() => pending.forEach((message) => this.emit(sessionId, { type: 'incoming', message })));
    }
    return { linked: true, wid: widOf(device.phone), connection };
  }

  async disconnect(sessionId: string, connection: string): Promise<void> {
    if (this.sessions.get(sessionId)?.connection === connection) this.sessions.delete(sessionId);
  }

  /** Ends the session only if it still belongs to this listener (a newer connection may have replaced it). */
  detach(sessionId: string, onEvent: (event: NetworkEvent) => void): void {
    if (this.sessions.get(sessionId)?.onEvent === onEvent) this.sessions.delete(sessionId);
  }

  async qr(sessionId: string): Promise<string> {
    this.requireSession(sessionId);
    return this.tickets.qrFor(sessionId);
  }

  async pairingCode(sessionId: string, phone: string): Promise<string> {
    this.requireSession(sessionId);
    return this.tickets.codeFor(sessionId, phone);
  }

  /** The session's linked device, when `connection` is the session's live one (others are not heard). */
  private linkedDevice(sessionId: string, connection: string): { session: LiveSession; phone: string } | undefined {
    const session = this.sessions.get(sessionId);
    const device = session?.deviceToken ? this.book.device(session.deviceToken) : undefined;
    return session && session.connection === connection && device ? { session, phone: device.phone } : undefined;
  }

  async send(sessionId: string, connection: string, message: NetworkOutgoing): Promise<NetworkSendResult> {
    const linked = this.linkedDevice(sessionId, connection);
    if (!linked || this.dropping()) return 'notConnected';
    const { session, phone: senderPhone } = linked;
    const recipient = recipientOf(message.chatId);
    if (this.faults.noAccount.includes(recipient)) return 'noAccount';
    // Like the real server, the message is delivered before the sender hears the acknowledgement: a
    // sender that dies in between sends it again, and the phone shows the duplicate.
    const now = this.deps.clock.now();
    const typingKey = typingKeyOf(recipient, senderPhone);
    const typingStarted = this.typingSince.get(typingKey);
    this.typingSince.delete(typingKey);
    const typingMs = typingStarted === undefined ? null : now - typingStarted;
    if (message.type === 'edit' || message.type === 'delete') {
      // WhatsApp takes an edit of a message the recipient no longer has; so does the sandbox.
      this.book.change(recipient, message.targetId ?? '', message.type === 'edit' ? message.text : null, now);
      return 'ok';
    }
    const received = this.book.deliver(recipient, message, { wid: widOf(senderPhone), connection, typingMs }, now);
    if (this.faults.ackDelayMs > 0) await this.sleep(this.faults.ackDelayMs);
    if (this.sessions.get(sessionId) !== session) return 'notConnected';
    const at = this.deps.clock.now();
    setImmediate(() => this.emit(sessionId, { type: 'receipt', idMessage: received.idMessage, status: 'delivered', at }));
    return 'ok';
  }

  async markRead(sessionId: string, connection: string, chatId: string, idMessages: string[]): Promise<void> {
    if (!this.linkedDevice(sessionId, connection)) return;
    const sent = this.sentByPhone.get(recipientOf(chatId));
    const at = new Date(this.deps.clock.now()).toISOString();
    for (const id of idMessages) {
      const message = sent?.get(id);
      if (message && message.readAt === null) message.readAt = at;
    }
  }

  /** What the phone sent (texts and taps), oldest first, each read or not. */
  sentFrom(phone: string): PhoneSentMessage[] {
    return [...(this.sentByPhone.get(requirePhone(phone))?.values() ?? [])];
  }

  /** Every number has an account on the sandbox but those the noAccount fault names. */
  async checkNumber(sessionId: string, connection: string, phone: string): Promise<{ exists: boolean } | 'notConnected'> {
    if (!this.linkedDevice(sessionId, connection) || this.dropping()) return 'notConnected';
    return { exists: !this.faults.noAccount.includes(phone) };
  }

  async chatState(sessionId: string, connection: string, chatId: string, state: ChatState): Promise<void> {
    const sender = this.linkedDevice(sessionId, connection);
    if (!sender) return;
    if (state === 'archived') this.book.archive(sender.phone, chatId);
    else this.typingSince.set(typingKeyOf(recipientOf(chatId), sender.phone), this.deps.clock.now());
  }

  async logout(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session?.deviceToken) this.book.removeDevice(session.deviceToken);
    if (session) session.deviceToken = null;
  }

  // ---- the phone side: what the control API lets a test or a developer do ----

  link(input: { phone: string; qr?: string; code?: string }): { wid: string } {
    const phone = requirePhone(input.phone);
    const sessionId = input.qr !== undefined ? this.tickets.redeemQr(input.qr) : this.tickets.redeemCode(input.code, phone);
    const session = this.sessions.get(sessionId);
    if (!session) throw new WaypostError('conflict', 'the instance that showed this code is no longer connected');
    const deviceToken = randomBytes(24).toString('hex');
    this.book.addDevice({ token: deviceToken, phone, sessionId, linkedAt: this.deps.clock.now() });
    session.deviceToken = deviceToken;
    const wid = widOf(phone);
    this.emit(sessionId, { type: 'linked', deviceToken, wid });
    return { wid };
  }

  messagesOf(phone: string): PhoneMessage[] {
    return this.book.inbox(requireChat(phone));
  }

  archivedChatsOf(phone: string): { archivedChats: string[] } {
    return { archivedChats: this.book.archivedChats(requirePhone(phone)) };
  }

  /** A phone's push name: the one it last gave (`name`), else "Sandbox" and its last four digits. */
  private nameOf(phone: string, given?: unknown): string {
    if (given !== undefined) {
      if (typeof given !== 'string' || given.trim() === '' || given.length > 100) {
        throw validationError("'name' must be a text of 1 to 100 characters");
      }
      this.names.set(phone, given);
    }
    return this.names.get(phone) ?? `Sandbox ${phone.replace(/\D/g, '').slice(-4)}`;
  }

  tap(phone: string, input: { idMessage: unknown; buttonId: unknown; name?: unknown }): void {
    const owner = requireChat(phone);
    if (typeof input.idMessage !== 'string') throw validationError("'idMessage' is required");
    if (typeof input.buttonId !== 'string' && typeof input.buttonId !== 'number') {
      throw validationError("'buttonId' is required");
    }
    const senderName = this.nameOf(owner, input.name);
    const { message, button } = this.book.select(owner, input.idMessage, String(input.buttonId));
    const at = this.deps.clock.now();
    this.toDevicesOf(message.from, {
      idMessage: newIncomingMessageId(),
      from: widOf(owner),
      senderName,
      chatId: widOf(owner),
      receivedAt: at,
      buttonReply: { stanzaId: message.idMessage, buttonId: button.buttonId, buttonText: button.buttonText },
    });
    this.phoneReadsChat(owner, message.from, at);
  }

  sendFromPhone(phone: string, input: Record<string, unknown>): { idMessage: string } {
    const from = requirePhone(phone);
    const senderName = this.nameOf(from, input.name);
    if (typeof input.to !== 'string' || !/^\d{5,20}@c\.us$/.test(input.to)) {
      throw validationError("'to' must be a number's chat id, like 79990000001@c.us");
    }
    const content = parsePhoneContent(input);
    if (input.quotedMessageId !== undefined && typeof input.quotedMessageId !== 'string') {
      throw validationError("'quotedMessageId' must be a string");
    }
    const to = input.to.slice(0, -'@c.us'.length);
    const toInstance = this.book.devicesOf(to).length > 0;
    const fromInstance = this.book.devicesOf(from).length > 0;
    if (!toInstance && !fromInstance) throw new WaypostError('not_found', `no instance is linked to ${to} or to ${from}`);
    const at = this.deps.clock.now();
    const idMessage = newIncomingMessageId();
    const quote = input.quotedMessageId ? { quotedMessageId: input.quotedMessageId as string } : {};
    const message: NetworkIncoming = { idMessage, from: widOf(from), senderName, chatId: widOf(from), receivedAt: at, ...content, ...quote };
    if (toInstance) {
      this.toDevicesOf(widOf(to), message);
      this.phoneReadsChat(from, widOf(to), at);
    } else {
      // A person-to-person chat: the other phone receives it like any message.
      this.book.deliver(to, { idMessage, chatId: widOf(to), ...asReceived(content), ...quote }, { wid: widOf(from), connection: 'phone', typingMs: null }, at);
    }
    // The sender's own linked instances hear what their phone wrote, and in which chat.
    if (fromInstance) this.toDevicesOf(widOf(from), { ...message, fromMe: true, chatId: widOf(to) });
    return { idMessage };
  }

  /** The phone votes in a poll it received (no options: it takes its vote back); the instance hears of it. */
  vote(phone: string, input: { idMessage: unknown; options: unknown }): { voted: true } {
    const owner = requireChat(phone);
    if (typeof input.idMessage !== 'string') throw validationError("'idMessage' is required");
    if (!Array.isArray(input.options) || !input.options.every((o) => typeof o === 'string')) {
      throw validationError("'options' must be an array of option names (empty to take the vote back)");
    }
    const poll = this.book.vote(owner, input.idMessage, input.options as string[]);
    const pollVote = { stanzaId: poll.idMessage, selectedOptions: input.options as string[] };
    this.toDevicesOf(poll.from, { idMessage: newIncomingMessageId(), from: widOf(owner), chatId: widOf(owner), receivedAt: this.deps.clock.now(), pollVote });
    return { voted: true };
  }

  /** The phone edits (new text) or deletes (null) a message it sent to an instance: the instance hears of it. */
  changeSent(phone: string, input: { idMessage: unknown; text?: unknown }, deleting: boolean): { changed: true } {
    const from = requirePhone(phone);
    if (typeof input.idMessage !== 'string') throw validationError("'idMessage' is required");
    if (!deleting && (typeof input.text !== 'string' || input.text.length === 0)) throw validationError("'text' is required");
    const sent = this.sentByPhone.get(from)?.get(input.idMessage);
    if (!sent) throw new WaypostError('not_found', `phone ${from} sent no message ${input.idMessage} to an instance`);
    const text = deleting ? null : (input.text as string);
    if (sent.text !== null) sent.text = text ?? '';
    const at = this.deps.clock.now();
    const change = { stanzaId: input.idMessage, text };
    this.toDevicesOf(sent.to, { idMessage: newIncomingMessageId(), from: widOf(from), chatId: widOf(from), receivedAt: at, change, fromMe: false });
    return { changed: true };
  }

  /** The phone removes every linked device: their sessions are logged out. */
  unlink(phone: string): { unlinked: number } {
    const owner = requirePhone(phone);
    const devices = this.book.devicesOf(owner);
    for (const device of devices) {
      this.book.removeDevice(device.token);
      const session = this.sessions.get(device.sessionId);
      if (session?.deviceToken === device.token) {
        session.deviceToken = null;
        this.emit(device.sessionId, { type: 'loggedOut' });
      }
    }
    return { unlinked: devices.length };
  }

  getFaults(): SandboxFaults {
    return { ...this.faults, noAccount: [...this.faults.noAccount] };
  }

  /** Sets faults; `dropConnectionsForMs` drops every live session now and refuses reconnects that long. */
  setFaults(input: { noAccount?: string[]; ackDelayMs?: number; dropConnectionsForMs?: number }): SandboxFaults {
    if (input.noAccount) this.faults.noAccount = input.noAccount.map(requirePhone);
    if (input.ackDelayMs !== undefined) this.faults.ackDelayMs = input.ackDelayMs;
    if (input.dropConnectionsForMs !== undefined) {
      this.faults.dropUntil = this.deps.clock.now() + input.dropConnectionsForMs;
      const dropped = [...this.sessions.entries()];
      this.sessions.clear();
      for (const [, session] of dropped) session.onEvent({ type: 'dropped' });
    }
    return this.getFaults();
  }

  clearFaults(): void {
    this.faults = { noAccount: [], dropUntil: null, ackDelayMs: 0 };
  }

  // ---- internals ----

  private toDevicesOf(wid: string, message: NetworkIncoming): void {
    if (!message.fromMe && !message.change) this.recordSent(wid, message);
    for (const device of this.book.devicesOf(wid.split('@')[0] as string)) {
      const session = this.sessions.get(device.sessionId);
      if (session?.deviceToken === device.token) this.emit(device.sessionId, { type: 'incoming', message });
      else this.book.addPending(device.token, message);
    }
  }

  /** What a phone sent to an instance, as its phone shows it (read marks come later). */
  private recordSent(wid: string, message: NetworkIncoming): void {
    const from = recipientOf(message.from);
    const sent = this.sentByPhone.get(from) ?? new Map<string, PhoneSentMessage>();
    this.sentByPhone.set(from, sent);
    sent.set(message.idMessage, {
      idMessage: message.idMessage,
      to: wid,
      text: message.text ?? null,
      buttonId: message.buttonReply?.buttonId ?? null,
      sentAt: new Date(message.receivedAt).toISOString(),
      readAt: null,
    });
  }

  private phoneReadsChat(reader: string, senderWid: string, at: number): void {
    for (const message of this.book.markChatRead(reader, senderWid)) {
      for (const device of this.book.devicesOf(senderWid.split('@')[0] as string)) {
        this.emit(device.sessionId, { type: 'receipt', idMessage: message.idMessage, status: 'read', at });
      }
    }
  }

  private emit(sessionId: string, event: NetworkEvent): void {
    this.sessions.get(sessionId)?.onEvent(event);
  }

  private requireSession(sessionId: string): void {
    if (!this.sessions.has(sessionId)) throw new SandboxUnavailableError('the session is not connected');
  }

  private dropping(): boolean {
    return this.faults.dropUntil !== null && this.deps.clock.now() < this.faults.dropUntil;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimer(resolve, ms));
  }
}

export function widOf(phone: string): string {
  return `${phone}@c.us`;
}

/** The inbox a chat id delivers to: a number's digits, or the group (or @lid) id as a whole. */
function recipientOf(chatId: string): string {
  return chatId.endsWith('@c.us') ? chatId.slice(0, -'@c.us'.length) : chatId;
}

function requirePhone(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{5,20}$/.test(value)) {
    throw validationError("'phone' must be an international number, digits only, like 79990000001");
  }
  return value;
}

function requireChat(value: string): string {
  if (/^\d{5,20}$/.test(value) || /^[\d-]+@g\.us$/.test(value) || /^\d+@lid$/.test(value)) return value;
  throw validationError("'phone' must be digits only (or a group or @lid chat id)");
}

/** Where "typing..." is kept: the chat of a recipient with a sender. */
function typingKeyOf(recipient: string, sender: string): string {
  return `${recipient}|${sender}`;
}

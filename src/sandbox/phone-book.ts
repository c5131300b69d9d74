// The sandbox network's durable state: linked devices, each phone's inbox, and messages waiting for
// offline devices. Every change is journalled; the journal is replayed (and compacted) at start.

import { validationError, WaypostError } from '../core/errors.js';
import type { Button } from '../messages/message.js';
import type { NetworkJournal } from './network-journal.js';
import { createHash } from 'node:crypto';
import type { NetworkIncoming, NetworkOutgoing, PhoneMessage, ReceivedFile } from './sandbox-types.js';

export interface Device {
  token: string;
  phone: string;
  sessionId: string;
  linkedAt: number;
}

export type JournalEntry =
  | { op: 'device'; device: Device }
  | { op: 'removeDevice'; token: string }
  | { op: 'message'; owner: string; message: PhoneMessage }
  | { op: 'redelivered'; owner: string; idMessage: string; connection?: string }
  | { op: 'selected'; owner: string; idMessage: string; buttonId: string }
  | { op: 'pending'; token: string; message: NetworkIncoming }
  | { op: 'flushed'; token: string }
  | { op: 'archived'; owner: string; chatId: string }
  | { op: 'changed'; owner: string; idMessage: string; text: string | null; at: string }
  | { op: 'voted'; owner: string; idMessage: string; options: string[] };

/** Beyond this many messages a phone's oldest ones are forgotten (the sandbox is for tests, not archives). */
const inboxLimit = 10_000;

export class PhoneBook {
  private readonly devices = new Map<string, Device>();
  private readonly inboxes = new Map<string, Map<string, PhoneMessage>>();
  private readonly pending = new Map<string, NetworkIncoming[]>();
  private readonly readUpTo = new Map<string, number>();
  private readonly archived = new Map<string, Set<string>>();

  constructor(private readonly journal: NetworkJournal<JournalEntry>) {
    for (const entry of journal.readAll()) this.apply(entry);
    journal.rewrite(this.snapshot());
  }

  device(token: string): Device | undefined {
    return this.devices.get(token);
  }

  devicesOf(phone: string): Device[] {
    return [...this.devices.values()].filter((d) => d.phone === phone);
  }

  addDevice(device: Device): void {
    this.record({ op: 'device', device });
  }

  removeDevice(token: string): void {
    if (this.devices.has(token)) this.record({ op: 'removeDevice', token });
  }

  inbox(owner: string): PhoneMessage[] {
    return [...(this.inboxes.get(owner)?.values() ?? [])];
  }

  /** The chats a phone archived (from a linked device). */
  archivedChats(owner: string): string[] {
    return [...(this.archived.get(owner) ?? [])];
  }

  archive(owner: string, chatId: string): void {
    if (!this.archived.get(owner)?.has(chatId)) this.record({ op: 'archived', owner, chatId });
  }

  /** The phone's vote in a poll it received (its options now); refused by name when they do not fit the poll. */
  vote(owner: string, idMessage: string, options: string[]): PhoneMessage {
    const message = this.inboxes.get(owner)?.get(idMessage);
    if (!message?.poll) throw new WaypostError('not_found', `phone ${owner} has no poll ${idMessage}`);
    const unknown = options.find((option) => !message.poll!.options.includes(option));
    if (unknown !== undefined) throw validationError(`'options' has "${unknown}", which is not an option of this poll`);
    if (!message.poll.multipleAnswers && options.length > 1) throw validationError("'options' may hold one option: this poll takes a single answer");
    this.record({ op: 'voted', owner, idMessage, options });
    return message;
  }

  /** An edit (new text) or a delete (null) of a message the phone received; false when it has no such message. */
  change(owner: string, idMessage: string, text: string | null, at: number): boolean {
    if (!this.inboxes.get(owner)?.has(idMessage)) return false;
    this.record({ op: 'changed', owner, idMessage, text, at: new Date(at).toISOString() });
    return true;
  }

  /** Records an arrival; the same idMessage arriving again counts as a duplicate delivery. */
  deliver(
    owner: string,
    message: NetworkOutgoing,
    from: { wid: string; connection: string; typingMs: number | null },
    at: number,
  ): PhoneMessage {
    const fromWid = from.wid;
    const known = this.inboxes.get(owner)?.get(message.idMessage);
    if (known) {
      this.record({ op: 'redelivered', owner, idMessage: message.idMessage, connection: from.connection });
      return known;
    }
    const received: PhoneMessage = {
      idMessage: message.idMessage,
      chatId: owner.includes('@') ? owner : fromWid,
      from: fromWid,
      type: message.type,
      text: message.text,
      header: message.header ?? null,
      footer: message.footer ?? null,
      buttons: message.buttons ?? [],
      quotedMessageId: message.quotedMessageId ?? null,
      preview: message.preview ?? null,
      typingMs: from.typingMs,
      receivedAt: new Date(at).toISOString(),
      deliveries: 1,
      deliveredBy: [from.connection],
      selectedButtonId: null,
      location: message.location ?? null,
      poll: message.poll ? { ...message.poll, chosen: [] } : null,
      file: message.file ? receivedFile(message.file) : null,
      contact: message.contact ?? null,
      forwarded: message.forwarded === true,
      editedAt: null,
      deletedAt: null,
    };
    this.record({ op: 'message', owner, message: received });
    return received;
  }

  /** Chooses a reply button of a received message, once. */
  select(owner: string, idMessage: string, buttonId: string): { message: PhoneMessage; button: Button } {
    const message = this.inboxes.get(owner)?.get(idMessage);
    if (!message) throw new WaypostError('not_found', `phone ${owner} has no message ${idMessage}`);
    const button = message.buttons.find((b) => b.buttonId === buttonId);
    if (!button) throw new WaypostError('not_found', `message ${idMessage} has no button '${buttonId}'`);
    if (button.type !== 'reply') {
      throw validationError(`button '${buttonId}' is a ${button.type} button: tapping it sends no reply`);
    }
    if (message.selectedButtonId !== null) {
      throw new WaypostError('conflict', `a button of message ${idMessage} was already selected`);
    }
    this.record({ op: 'selected', owner, idMessage, buttonId });
    return { message, button };
  }

  /** The messages from one sender that the reader had not read yet (in memory only: receipts are hints). */
  markChatRead(reader: string, senderWid: string): PhoneMessage[] {
    const inbox = this.inbox(reader).filter((m) => m.from === senderWid);
    const key = `${reader}|${senderWid}`;
    const already = this.readUpTo.get(key) ?? 0;
    this.readUpTo.set(key, inbox.length);
    return inbox.slice(already);
  }

  addPending(token: string, message: NetworkIncoming): void {
    this.record({ op: 'pending', token, message });
  }

  takePending(token: string): NetworkIncoming[] {
    const waiting = this.pending.get(token) ?? [];
    if (waiting.length > 0) this.record({ op: 'flushed', token });
    return waiting;
  }

  private record(entry: JournalEntry): void {
    this.journal.append(entry);
    this.apply(entry);
  }

  private apply(entry: JournalEntry): void {
    switch (entry.op) {
      case 'device':
        this.devices.set(entry.device.token, entry.device);
        break;
      case 'removeDevice':
        this.devices.delete(entry.token);
        this.pending.delete(entry.token);
        break;
      case 'message': {
        const inbox = this.inboxes.get(entry.owner) ?? new Map<string, PhoneMessage>();
        this.inboxes.set(entry.owner, inbox);
        inbox.set(entry.message.idMessage, entry.message);
        if (inbox.size > inboxLimit) inbox.delete(inbox.keys().next().value as string);
        break;
      }
      case 'redelivered': {
        const message = this.inboxes.get(entry.owner)?.get(entry.idMessage);
        if (message) {
          message.deliveries += 1;
          message.deliveredBy = [...(message.deliveredBy ?? []), entry.connection ?? 'unknown'];
        }
        break;
      }
      case 'selected': {
        const message = this.inboxes.get(entry.owner)?.get(entry.idMessage);
        if (message) message.selectedButtonId = entry.buttonId;
        break;
      }
      case 'pending':
        this.pending.set(entry.token, [...(this.pending.get(entry.token) ?? []), entry.message]);
        break;
      case 'flushed':
        this.pending.delete(entry.token);
        break;
      case 'voted': {
        const poll = this.inboxes.get(entry.owner)?.get(entry.idMessage)?.poll;
        if (poll) poll.chosen = entry.options;
        break;
      }
      case 'changed': {
        const message = this.inboxes.get(entry.owner)?.get(entry.idMessage);
        if (message && entry.text === null) Object.assign(message, { deletedAt: entry.at, text: '', buttons: [] });
        else if (message) Object.assign(message, { editedAt: entry.at, text: entry.text });
        break;
      }
      case 'archived':
        this.archived.set(entry.owner, (this.archived.get(entry.owner) ?? new Set()).add(entry.chatId));
        break;
    }
  }

  private snapshot(): JournalEntry[] {
    const entries: JournalEntry[] = [...this.devices.values()].map((device) => ({ op: 'device', device }));
    for (const [owner, inbox] of this.inboxes) {
      for (const message of inbox.values()) entries.push({ op: 'message', owner, message });
    }
    for (const [token, messages] of this.pending) {
      for (const message of messages) entries.push({ op: 'pending', token, message });
    }
    for (const [owner, chats] of this.archived) {
      for (const chatId of chats) entries.push({ op: 'archived', owner, chatId });
    }
    return entries;
  }
}

/** What a phone keeps of a file it received: its name, type, size and digest (not the bytes). */
function receivedFile(file: NonNullable<NetworkOutgoing['file']>): ReceivedFile {
  const bytes = Buffer.from(file.data, 'base64');
  return { fileName: file.fileName, mimeType: file.mimeType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

// The transport port: how the gateway reaches a WhatsApp network (the sandbox, or real WhatsApp Web).
// A transport keeps one session per instance and translates its network's errors into outcomes here.

import type { InstanceState } from '../instances/instance.js';
import type { MessageContent } from '../messages/message.js';
import type { MessageData } from '../messages/message-data.js';
import type { ReachoutLock } from './reachout-lock.js';

export interface OutgoingEnvelope {
  idMessage: string;
  chatId: string;
  content: MessageContent;
  /** A file message's bytes, read by the dispatcher as the message leaves. */
  file?: { bytes: Buffer; mimeType: string };
}

export type SendResult =
  | { outcome: 'sent' }
  | { outcome: 'noAccount' }
  | { outcome: 'notInGroup' }
  /** The network refused the message for good. */
  | { outcome: 'failed'; description: string }
  /** The send could not happen now (not connected, timed out): the message stays at the head of its queue. */
  | { outcome: 'retry'; description: string };

/** A reply to a message's buttons, whatever shape the network delivered it in. */
export interface ButtonReply {
  /** The buttons message answered; '' when the network did not say (the chat's open one is meant). */
  stanzaId: string;
  buttonId: string;
  buttonText: string;
}

export interface IncomingMessage {
  idMessage: string;
  chatId: string;
  sender: string;
  senderName: string;
  receivedAt: number;
  text?: string;
  quotedMessageId?: string;
  buttonReply?: ButtonReply;
  /**
   * Sent by the linked phone itself (or another device of the account), not through the API: the bot hears
   * of it as outgoingMessageReceived (a person took over the chat). `chatId` is the chat it went to.
   */
  fromMe?: boolean;
  /** Other ids the same chat is known by (a contact's LID beside its phone number), for matching replies. */
  chatAliases?: string[];
  /** A vote in a poll: the options the voter chose now (none: the vote taken back), read from its encryption. */
  pollVote?: { stanzaId: string; selectedOptions: string[] };
  /** Any other kind (a file, a location, a reaction, an edit, ...), already in GREEN-API's words. */
  other?: OtherMessage;
  /** A file's bytes, to keep: the gateway then fills `fileMessageData.downloadUrl` of `other`. */
  file?: IncomingFile;
}

/** A received file, read on arrival (a download from the network's media servers for WhatsApp). */
export interface IncomingFile {
  /** The sender's name for it; '' when it has none (photos): the gateway names it. */
  fileName: string;
  mimeType: string;
  /** Its size, when the network says it before the download (a file over the limit is not read). */
  size: number | null;
  read(): Promise<Buffer>;
}

/** A message kind beyond text and button replies: GREEN-API's `typeMessage` and the fields beside it. */
export interface OtherMessage {
  typeMessage: string;
  data: Record<string, unknown>;
}

/** A GREEN-API messageData as an OtherMessage: its typeMessage apart from the rest. */
export function asOtherMessage({ typeMessage, ...data }: MessageData): OtherMessage {
  return { typeMessage, data };
}

export type TransportEvent =
  | { type: 'state'; idInstance: number; state: InstanceState; wid: string | null }
  | { type: 'receipt'; idInstance: number; idMessage: string; status: 'delivered' | 'read'; at: number }
  | { type: 'incoming'; idInstance: number; message: IncomingMessage }
  /** A new QR to link the instance (WhatsApp Web offers a fresh one every 20 s or so). */
  | { type: 'qr'; idInstance: number; qr: string }
  /** WhatsApp's reach-out time lock started, changed or ended (kept by the transport with the session keys). */
  | { type: 'reachoutLock'; idInstance: number; lock: ReachoutLock };

/** Where a transport keeps each instance's session secrets (the gateway's store, never files). */
export interface TransportAuthStore {
  load(idInstance: number): Promise<string | null>;
  save(idInstance: number, auth: string | null): Promise<void>;
}

export interface Transport {
  readonly name: string;
  /** Starts the instance's session from its saved auth; progress arrives as state events. */
  open(idInstance: number): Promise<void>;
  /** Ends the session without logging out (shutdown, reboot, instance deleted). */
  close(idInstance: number): Promise<void>;
  /** The text a phone scans to link this instance. */
  qrText(idInstance: number): Promise<string>;
  /** A code to type on the phone with the given number instead of scanning. */
  pairingCode(idInstance: number, phoneNumber: string): Promise<string>;
  send(idInstance: number, message: OutgoingEnvelope): Promise<SendResult>;
  /** Marks incoming messages of a chat read (their senders see blue ticks), where the network can. */
  readMessages?(idInstance: number, chatId: string, messages: { idMessage: string; sender: string }[]): Promise<void>;
  /** Whether the number (digits) has a WhatsApp account, and its chat id; needs a linked session. */
  checkNumber?(idInstance: number, phone: string): Promise<{ exists: boolean; chatId: string | null }>;
  /** Shows the account online to its contacts, or not (keepOnlineStatus), where the network can. */
  setOnline?(idInstance: number, online: boolean): Promise<void>;
  /** Shows "typing..." in the chat (until the next message arrives there), where the network can. */
  showTyping?(idInstance: number, chatId: string): Promise<void>;
  /** Archives the chat on the linked phone, `lastMessage` being the message just sent there. */
  archiveChat?(idInstance: number, chatId: string, lastMessage: { idMessage: string; at: number }): Promise<void>;
  /** Unlinks the device and forgets its session. */
  logout(idInstance: number): Promise<void>;
  subscribe(listener: (event: TransportEvent) => void): () => void;
  stop(): Promise<void>;
}

/** One change to a transport's session keys; a null value deletes the key. */
export interface TransportKeyChange {
  type: string;
  id: string;
  value: string | null;
}

/**
 * Where a transport keeps an instance's session keys (WhatsApp Web's signal keys): free-text types, so key
 * kinds a new library version adds need no migration.
 */
export interface TransportKeyStore {
  get(idInstance: number, type: string, ids: string[]): Promise<Map<string, string>>;
  /** Applies all changes in one transaction; they are durable when the promise resolves. */
  set(idInstance: number, changes: TransportKeyChange[]): Promise<void>;
  clear(idInstance: number): Promise<void>;
}

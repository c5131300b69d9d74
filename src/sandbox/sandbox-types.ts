// The simulated WhatsApp network's vocabulary: what a phone received, what a linked session hears,
// and the session-side API a transport uses (in-process, or over HTTP to a standalone sandbox).

import type { Button, Contact, ContentKind, LinkPreview, Location } from '../messages/message.js';

/** A message as a virtual phone received it; `deliveries` > 1 shows a duplicate arrival. */
export interface PhoneMessage {
  idMessage: string;
  chatId: string;
  from: string;
  type: ContentKind;
  text: string;
  header: string | null;
  footer: string | null;
  buttons: Button[];
  quotedMessageId: string | null;
  /** The link preview the sender drew, as the phone shows it above the text. */
  preview: LinkPreview | null;
  /** How long the chat showed "typing..." before the message arrived (null: no typing shown). */
  typingMs: number | null;
  receivedAt: string;
  deliveries: number;
  /** The linked-device connection that made each delivery, in order (two names: two senders). */
  deliveredBy: string[];
  /** The button chosen on this message, once one was (a button can be selected only once). */
  selectedButtonId: string | null;
  location: Location | null;
  contact: Contact | null;
  /** A file (its caption is the text): what the phone shows of it, and a digest of its bytes. */
  file: ReceivedFile | null;
  /** A poll's options (its question is the text), and the options this phone chose in it. */
  poll: { options: string[]; multipleAnswers: boolean; chosen: string[] } | null;
  /** Forwarded from another chat. */
  forwarded: boolean;
  /** When the sender rewrote it (its text is the new one), and when it deleted it for everyone. */
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ReceivedFile {
  fileName: string;
  mimeType: string;
  size: number;
  /** SHA-256 of the bytes, hex: what arrived is what was sent. */
  sha256: string;
}

/** A message a virtual phone sent, as that phone shows it: read once the account it went to read it. */
export interface PhoneSentMessage {
  idMessage: string;
  to: string;
  text: string | null;
  /** The button tapped, for a tap. */
  buttonId: string | null;
  sentAt: string;
  readAt: string | null;
}

export interface NetworkOutgoing {
  idMessage: string;
  chatId: string;
  type: ContentKind;
  text: string;
  header?: string;
  footer?: string;
  buttons?: Button[];
  quotedMessageId?: string;
  preview?: LinkPreview;
  /** For an edit or a delete: the message it changes. */
  targetId?: string;
  location?: Location;
  contact?: Contact;
  forwarded?: boolean;
  poll?: { options: string[]; multipleAnswers: boolean };
  /** A file: its bytes as base64 (the message's text is its caption). */
  file?: { fileName: string; mimeType: string; data: string };
}

/** A change a linked device makes to one of its account's chats: "typing..." shown in it, or archived. */
export type ChatState = 'typing' | 'archived';

/** What a phone sends into a linked session: text, or the choice of a button. */
export interface NetworkIncoming {
  idMessage: string;
  from: string;
  /** Written on the account's own phone (its linked devices hear of it): `chatId` is where it went. */
  fromMe?: boolean;
  /** A location, a contact card or a reaction instead of text. */
  location?: Location;
  contact?: Contact;
  reaction?: { stanzaId: string; emoji: string };
  /** A file, its bytes as base64. */
  file?: { fileName: string; data: string; caption?: string };
  /** A vote in a poll the phone received: the options chosen now. */
  pollVote?: { stanzaId: string; selectedOptions: string[] };
  /** The phone edited (new text) or deleted (null) a message it sent before. */
  change?: { stanzaId: string; text: string | null };
  /** The name the phone's owner chose (WhatsApp's push name). */
  senderName?: string;
  chatId: string;
  receivedAt: number;
  text?: string;
  quotedMessageId?: string;
  buttonReply?: { stanzaId: string; buttonId: string; buttonText: string };
}

export type NetworkEvent =
  | { type: 'linked'; deviceToken: string; wid: string }
  | { type: 'loggedOut' }
  | { type: 'dropped' }
  /** Another connection for the same session took over (WhatsApp's code 440): this one is closed. */
  | { type: 'replaced' }
  | { type: 'receipt'; idMessage: string; status: 'delivered' | 'read'; at: number }
  | { type: 'incoming'; message: NetworkIncoming };

/** `connection` names this connection: sends name it, and a newer connection of the session replaces it. */
export type ConnectResult = { connection: string } & ({ linked: true; wid: string } | { linked: false });

export type NetworkSendResult = 'ok' | 'noAccount' | 'notInGroup' | 'notConnected';

export interface SandboxFaults {
  /** Numbers (digits) that have no WhatsApp account. */
  noAccount: string[];
  /** Until when (ms since epoch) every connection is refused, after all were dropped. */
  dropUntil: number | null;
  /** How long each send waits for its acknowledgement. */
  ackDelayMs: number;
}

/** The network as a linked device (the gateway's transport) sees it. */
export interface SandboxSessionApi {
  /** Opens the session; a known device token reconnects it as linked. Rejects while connections drop. */
  connect(sessionId: string, deviceToken: string | null, onEvent: (event: NetworkEvent) => void): Promise<ConnectResult>;
  /** Closes the named connection (a newer one of the same session is left alone). */
  disconnect(sessionId: string, connection: string): Promise<void>;
  qr(sessionId: string): Promise<string>;
  pairingCode(sessionId: string, phone: string): Promise<string>;
  /** Sends over the named connection: 'notConnected' when it is not the session's live one. */
  send(sessionId: string, connection: string, message: NetworkOutgoing): Promise<NetworkSendResult>;
  /** The linked account read these messages of a chat: their senders' phones see them read. */
  markRead(sessionId: string, connection: string, chatId: string, idMessages: string[]): Promise<void>;
  /** Whether a number has an account on the network (asked over the named connection). */
  checkNumber(sessionId: string, connection: string, phone: string): Promise<{ exists: boolean } | 'notConnected'>;
  /** Shows "typing..." in a chat, or archives it, over the named connection (ignored when not live). */
  chatState(sessionId: string, connection: string, chatId: string, state: ChatState): Promise<void>;
  logout(sessionId: string): Promise<void>;
}

export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }
}

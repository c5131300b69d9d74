// The narrow port in front of a WhatsApp Web socket: the few calls and events the transport uses. The
// real one wraps baileys (baileys-socket.ts); tests drive a fake of it (wa-socket-fake.ts).

import type { AuthenticationState, BaileysEventMap, BinaryNode, ChatModification, proto, WAMessageKey } from 'baileys';

export type WaEvents = Pick<
  BaileysEventMap,
  'connection.update' | 'creds.update' | 'messages.upsert' | 'messages.update' | 'message-receipt.update'
>;

export interface WaSocket {
  /** The linked account once known, as a jid with its device (`79990000001:12@s.whatsapp.net`). */
  readonly user: { id: string } | undefined;
  ev: { on<E extends keyof WaEvents>(event: E, listener: (arg: WaEvents[E]) => void): void };
  /** The server's acknowledgement of each message sent (`<ack class="message" id=... error=...>`). */
  onMessageAck(listener: (ack: BinaryNode) => void): void;
  relayMessage(jid: string, message: proto.IMessage, options: RelayOptions): Promise<string>;
  /**
   * A recipient's device could not decrypt a message and asks for it again. Called after baileys has
   * handled the same request (prepared the session, and re-sent what getMessage gave it).
   */
  onRetryRequest(listener: (request: RetryRequest) => void): void;
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Uploads an encrypted file to WhatsApp's media servers (the message then carries its path and key). */
  uploadMedia(encFilePath: string, options: { fileEncSha256B64: string; mediaType: 'image' | 'video' | 'audio' | 'document' }): Promise<{ mediaUrl: string; directPath: string }>;
  /** "typing..." in a chat ('composing'), until the next message or 'paused'; or the account online or not (no jid). */
  sendPresenceUpdate(type: 'composing' | 'paused' | 'available' | 'unavailable', jid?: string): Promise<void>;
  /** Changes a chat through the account's app state (here: archiving it). */
  chatModify(modification: ChatModification, jid: string): Promise<void>;
  /** Sends read receipts for received messages. */
  readMessages(keys: WAMessageKey[]): Promise<void>;
  /** Asks WhatsApp whether the number (a jid) has an account. */
  onWhatsApp(jid: string): Promise<{ exists: boolean; jid: string }[] | undefined>;
  /** The phone-number jid baileys has stored for a LID (from its LID mapping), or null. */
  phoneNumberOfLid(lid: string): Promise<string | null>;
  /** Asks the server for the reach-out time lock; the answer comes as a `reachoutTimeLock` connection update. */
  fetchReachoutTimelock(): Promise<void>;
  logout(): Promise<void>;
  end(error: Error | undefined): void;
}

export interface RelayOptions {
  messageId: string;
  additionalNodes?: BinaryNode[];
  /** A re-send to one device only (a retry request's), with the count it asked for. */
  participant?: { jid: string; count: number };
  useUserDevicesCache?: boolean;
}

/** A receipt of type retry, as baileys reads it: who asks, for which messages, how often so far. */
export interface RetryRequest {
  remoteJid: string;
  participant: string;
  ids: string[];
  count: number;
}

export interface WaSocketOptions {
  idInstance: number;
  auth: AuthenticationState;
  /**
   * A message sent recently, for baileys to re-send on a recipient's retry request (its phone could not
   * decrypt the first copy); undefined for one the transport re-sends itself (see onRetryRequest).
   */
  getMessage(id: string): proto.IMessage | undefined;
}

export type WaSocketFactory = (options: WaSocketOptions) => WaSocket;

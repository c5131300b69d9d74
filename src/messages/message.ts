// What an outgoing message is: the queued record behind an idMessage, from acceptance to its last status.

export type SendMethod =
  | 'sendMessage'
  | 'sendButtons'
  | 'sendInteractiveButtonsReply'
  | 'sendInteractiveButtons'
  | 'editMessage'
  | 'deleteMessage'
  | 'sendLocation'
  | 'sendContact'
  | 'forwardMessages'
  | 'sendPoll'
  | 'sendFileByUrl'
  | 'sendFileByUpload';

/** `expired` is Waypost's own: a message that outlived the retention in the queue (reported as failed). */
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed'
  | 'noAccount'
  | 'notInGroup'
  | 'expired';

export type ButtonType = 'reply' | 'copy' | 'call' | 'url';

export interface Button {
  buttonId: string;
  buttonText: string;
  type: ButtonType;
  copyCode?: string;
  phoneNumber?: string;
  url?: string;
}

/** `edit` and `delete` change a message sent before (`targetId`): they are queued behind it, like a message. */
export type ContentKind = 'text' | 'buttons' | 'interactiveButtonsReply' | 'interactiveButtons' | 'edit' | 'delete' | 'location' | 'contact' | 'poll' | 'file';

/** What the recipient is to see, independent of the method that asked for it. */
export interface MessageContent {
  kind: ContentKind;
  text: string;
  /** Reply buttons are also written into the text as "1 - green" (for phones that do not render them). */
  numberedButtons?: boolean;
  header?: string;
  footer?: string;
  buttons?: Button[];
  quotedMessageId?: string;
  linkPreview?: boolean;
  /** A link preview the sender drew (GREEN-API's customPreview and typePreview); Waypost fetches no link. */
  preview?: LinkPreview;
  /** How long the chat shows "typing..." before the message leaves (GREEN-API's typingTime). */
  typingTimeMs?: number;
  /** Archive the chat on the linked phone once the message is sent. */
  archiveChat?: boolean;
  /** For an edit or a delete: the message it changes. */
  targetId?: string;
  /** For a delete: only on the linked account's own devices, not for everyone. */
  onlySenderDelete?: boolean;
  location?: Location;
  contact?: Contact;
  /** Forwarded from another chat (forwardMessages): the phone shows it as forwarded. */
  forwarded?: boolean;
  /** A poll: `text` is its question. */
  poll?: Poll;
  /** A file: `text` is its caption. Its bytes are read from `urlFile` when it leaves. */
  file?: FileRef;
}

export interface FileRef {
  /** The gateway's own file link (uploads) or the sender's URL (sendFileByUrl), fetched when it leaves. */
  urlFile: string;
  fileName: string;
}

export interface Poll {
  options: string[];
  multipleAnswers: boolean;
  /**
   * The poll's message secret (base64, 32 bytes): WhatsApp encrypts each vote with a key derived from it, so
   * it is kept with the message and votes can be read after a restart, on any node.
   */
  secret: string;
}

export interface Location {
  latitude: number;
  longitude: number;
  nameLocation?: string;
  address?: string;
}

export interface Contact {
  /** The number, digits only. */
  phoneContact: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  company?: string;
}

export interface LinkPreview {
  type?: 'large' | 'small';
  title?: string;
  description?: string;
  link?: string;
  urlFile?: string;
  /** Base64 JPEG. */
  jpegThumbnail?: string;
}

export interface NewOutgoingMessage {
  idInstance: number;
  idMessage: string;
  chatId: string;
  method: SendMethod;
  /** The request body as the client sent it (showMessagesQueue returns it). */
  requestBody: Record<string, unknown>;
  content: MessageContent;
  acceptedAt: number;
}

export interface OutgoingMessage extends NewOutgoingMessage {
  status: MessageStatus;
  statusAt: number;
  sentAt: number | null;
  description: string | null;
  /** How many times a send was started (more than one only after a crash or a transient failure). */
  attempts: number;
  /** The button chosen in reply (a tap or a typed answer); a buttons message is answered once. */
  answeredButtonId: string | null;
  /** While in flight: the node sending it, and the epoch of that node's ownership of the instance. */
  claimedBy: string | null;
  claimEpoch: number | null;
}

/** Why an expired message was never sent: kept with it, and told to the bot with its `failed` status. */
export const expiredDescription = 'expired: the message waited in the queue longer than the retention';

const progressRank: Record<MessageStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
  noAccount: 5,
  notInGroup: 5,
  expired: 5,
};

/**
 * Statuses never go backwards: a read message does not become delivered, a failed one stays failed, and
 * receipts (delivered, read) apply only to a message whose send has been recorded.
 */
export function canMoveStatus(from: MessageStatus, to: MessageStatus): boolean {
  if (endedUnsent(from)) return false;
  if (progressRank[to] === 5) return progressRank[from] <= progressRank.sent;
  if (to === 'delivered' || to === 'read') return progressRank[from] >= progressRank.sent && progressRank[to] > progressRank[from];
  return progressRank[to] > progressRank[from];
}

/** A message that ended without reaching the recipient (failed, noAccount, notInGroup, expired). */
export function endedUnsent(status: MessageStatus): boolean {
  return progressRank[status] === 5;
}

const allStatuses = Object.keys(progressRank) as MessageStatus[];

/** The statuses a message may move to `to` from (canMoveStatus, as a list a store can apply atomically). */
export function statusesThatMayBecome(to: MessageStatus): MessageStatus[] {
  return allStatuses.filter((from) => canMoveStatus(from, to));
}

/** Why waiting messages ended unsent when their queue was cleared or their instance deleted. */
export const clearedDescription = 'queue cleared';
export const deletedDescription = 'instance deleted';

export function isWaiting(status: MessageStatus): boolean {
  return status === 'queued' || status === 'sending';
}

/** Whether the content is a message of its own (not an edit or a delete of another). */
export function isEditOrDelete(content: MessageContent): boolean {
  return content.kind === 'edit' || content.kind === 'delete';
}

/** Reply buttons: those a recipient answers by tapping (or by typing the number or the text). */
export function hasReplyButtons(content: MessageContent): boolean {
  return content.kind === 'buttons' || content.kind === 'interactiveButtonsReply';
}

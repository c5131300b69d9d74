// Row shapes shared by the engines (snake_case, JSON columns already parsed) and their mapping to the
// domain records: the only place where a column name meets a field name.

import type { Instance, InstanceState } from '../instances/instance.js';
import { defaultSettings, type InstanceSettings } from '../instances/settings.js';
import type { MessageStatus, OutgoingMessage, SendMethod } from '../messages/message.js';
import type { IncomingRecord } from '../messages/message-journal-store.js';
import type { StoredFile } from '../files/file-store.js';

export interface InstanceRow {
  id_instance: number;
  name: string;
  api_token: string;
  created_at: number;
  deleted_at: number | null;
  settings_json: Partial<InstanceSettings>;
  state: string;
  wid: string | null;
  transport_auth: string | null;
  last_send_at: number | null;
}

export interface MessageRow {
  seq: number;
  id_instance: number;
  id_message: string;
  chat_id: string;
  method: string;
  request_json: Record<string, unknown>;
  content_json: OutgoingMessage['content'];
  status: string;
  accepted_at: number;
  status_at: number;
  sent_at: number | null;
  attempts: number;
  description: string | null;
  answered_button_id?: string | null;
  claimed_by: string | null;
  claim_epoch: number | null;
}

export interface IncomingRow {
  id_instance: number;
  id_message: string;
  chat_id: string;
  sender: string;
  sender_name: string;
  received_at: number;
  message_json: Record<string, unknown>;
}

export function toInstance(row: InstanceRow): Instance {
  return {
    idInstance: row.id_instance,
    name: row.name,
    apiToken: row.api_token,
    createdAt: row.created_at,
    deletedAt: row.deleted_at,
    // Settings added in later versions take their defaults on instances made before them.
    settings: { ...defaultSettings(), ...row.settings_json },
    state: row.state as InstanceState,
    wid: row.wid,
    transportAuth: row.transport_auth,
    lastSendAt: row.last_send_at,
  };
}

export function toMessage(row: MessageRow): OutgoingMessage {
  return {
    idInstance: row.id_instance,
    idMessage: row.id_message,
    chatId: row.chat_id,
    method: row.method as SendMethod,
    requestBody: row.request_json,
    content: row.content_json,
    acceptedAt: row.accepted_at,
    status: row.status as MessageStatus,
    statusAt: row.status_at,
    sentAt: row.sent_at,
    description: row.description,
    attempts: row.attempts,
    answeredButtonId: row.answered_button_id ?? null,
    claimedBy: row.claimed_by,
    claimEpoch: row.claim_epoch,
  };
}

export function toIncoming(row: IncomingRow): IncomingRecord {
  return {
    idInstance: row.id_instance,
    idMessage: row.id_message,
    chatId: row.chat_id,
    sender: row.sender,
    senderName: row.sender_name,
    receivedAt: row.received_at,
    messageData: row.message_json,
  };
}

export interface FileRow {
  token: string;
  id_instance: number;
  file_name: string;
  mime_type: string;
  bytes: Buffer;
  created_at: number;
}

export function toStoredFile(row: FileRow): StoredFile {
  return {
    token: row.token,
    idInstance: Number(row.id_instance),
    fileName: row.file_name,
    mimeType: row.mime_type,
    bytes: row.bytes,
    createdAt: Number(row.created_at),
  };
}

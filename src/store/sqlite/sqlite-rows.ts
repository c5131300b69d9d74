// Row shapes of the SQLite tables and their mapping to the domain records (snake_case stays here).

import type { Instance, InstanceState } from '../../instances/instance.js';
import { defaultSettings, type InstanceSettings } from '../../instances/settings.js';
import type { MessageStatus, OutgoingMessage, SendMethod } from '../../messages/message.js';

export interface InstanceRow {
  id_instance: number;
  name: string;
  api_token: string;
  created_at: number;
  deleted_at: number | null;
  settings_json: string;
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
  request_json: string;
  content_json: string;
  status: string;
  accepted_at: number;
  status_at: number;
  sent_at: number | null;
  lease_until: number | null;
  attempts: number;
  description: string | null;
  answered_at?: number | null;
  answered_button_id?: string | null;
}

export function toInstance(row: InstanceRow): Instance {
  return {
    idInstance: row.id_instance,
    name: row.name,
    apiToken: row.api_token,
    createdAt: row.created_at,
    deletedAt: row.deleted_at,
    // Settings added in later versions take their defaults on instances made before them.
    settings: { ...defaultSettings(), ...(JSON.parse(row.settings_json) as Partial<InstanceSettings>) },
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
    requestBody: JSON.parse(row.request_json) as Record<string, unknown>,
    content: JSON.parse(row.content_json) as OutgoingMessage['content'],
    acceptedAt: row.accepted_at,
    status: row.status as MessageStatus,
    statusAt: row.status_at,
    sentAt: row.sent_at,
    description: row.description,
    attempts: row.attempts,
    answeredButtonId: row.answered_button_id ?? null,
  };
}

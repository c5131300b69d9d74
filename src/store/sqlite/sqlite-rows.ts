// SQLite keeps JSON columns as text: its rows are the shared rows with those columns still strings.

import * as rows from '../rows.js';
import type { Instance } from '../../instances/instance.js';
import type { IncomingRecord } from '../../messages/message-journal-store.js';
import type { OutgoingMessage } from '../../messages/message.js';

type AsText<Row, Json extends keyof Row> = Omit<Row, Json> & { [K in Json]: string };

export type InstanceRow = AsText<rows.InstanceRow, 'settings_json'>;
export type MessageRow = AsText<rows.MessageRow, 'request_json' | 'content_json'>;
export type IncomingRow = AsText<rows.IncomingRow, 'message_json'>;

export function toInstance(row: InstanceRow): Instance {
  return rows.toInstance({ ...row, settings_json: JSON.parse(row.settings_json) });
}

export function toMessage(row: MessageRow): OutgoingMessage {
  return rows.toMessage({ ...row, request_json: JSON.parse(row.request_json), content_json: JSON.parse(row.content_json) });
}

export function toIncoming(row: IncomingRow): IncomingRecord {
  return rows.toIncoming({ ...row, message_json: JSON.parse(row.message_json) });
}

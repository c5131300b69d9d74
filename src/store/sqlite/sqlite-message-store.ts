// Outgoing messages after the queue on SQLite: reads, and statuses moved forward by receipts.

import type Database from 'better-sqlite3';
import type { OutgoingMessage } from '../../messages/message.js';
import type { MessageStore, StatusChange, StatusChangeResult } from '../../messages/message-store.js';
import { toMessage, type MessageRow } from './sqlite-rows.js';

export class SqliteMessageStore implements MessageStore {
  private readonly get;
  private readonly advance;

  constructor(private readonly db: Database.Database) {
    this.get = db.prepare('SELECT * FROM outgoing_messages WHERE id_instance = ? AND id_message = ?');
    this.advance = db.prepare('UPDATE outgoing_messages SET status = ?, status_at = ?, claimed_by = NULL, claim_epoch = NULL WHERE seq = ?');
  }

  async getMessage(idInstance: number, idMessage: string): Promise<OutgoingMessage | undefined> {
    const row = this.get.get(idInstance, idMessage) as MessageRow | undefined;
    return row ? toMessage(row) : undefined;
  }

  async advanceMessageStatuses(items: readonly StatusChange[]): Promise<StatusChangeResult[]> {
    return this.db.transaction(() =>
      items.map(({ idInstance, idMessage, status, at, from }) => {
        const row = this.get.get(idInstance, idMessage) as MessageRow | undefined;
        if (!row) return { moved: false, message: undefined };
        if (!from.includes(row.status as StatusChange['status'])) return { moved: false, message: toMessage(row) };
        this.advance.run(status, at, row.seq);
        return { moved: true, message: toMessage({ ...row, status, status_at: at, claimed_by: null, claim_epoch: null }) };
      }),
    )();
  }
}

// Outgoing messages after the queue on PostgreSQL: reads, and statuses moved forward by receipts.

import type pg from 'pg';
import type { OutgoingMessage } from '../../messages/message.js';
import type { MessageStore, StatusChange, StatusChangeResult } from '../../messages/message-store.js';
import { toMessage, type MessageRow } from '../rows.js';
import { inTransaction } from './postgres-transaction.js';

export class PostgresMessageStore implements MessageStore {
  constructor(private readonly pool: pg.Pool) {}

  async getMessage(idInstance: number, idMessage: string): Promise<OutgoingMessage | undefined> {
    const { rows } = await this.pool.query<MessageRow>('SELECT * FROM outgoing_messages WHERE id_instance = $1 AND id_message = $2', [
      idInstance,
      idMessage,
    ]);
    return rows[0] ? toMessage(rows[0]) : undefined;
  }

  async advanceMessageStatuses(items: readonly StatusChange[]): Promise<StatusChangeResult[]> {
    if (items.length === 0) return [];
    // One at a time in one transaction: two receipts of one message in a batch apply in order.
    return inTransaction(this.pool, async (client) => {
      const results: StatusChangeResult[] = [];
      for (const { idInstance, idMessage, status, at, from } of items) {
        const moved = await client.query<MessageRow>(
          `UPDATE outgoing_messages SET status = $1, status_at = $2, claimed_by = NULL, claim_epoch = NULL
            WHERE id_instance = $3 AND id_message = $4 AND status = ANY($5::text[])
           RETURNING *`,
          [status, at, idInstance, idMessage, from],
        );
        if (moved.rows[0]) {
          results.push({ moved: true, message: toMessage(moved.rows[0]) });
          continue;
        }
        const current = await client.query<MessageRow>('SELECT * FROM outgoing_messages WHERE id_instance = $1 AND id_message = $2', [
          idInstance,
          idMessage,
        ]);
        results.push({ moved: false, message: current.rows[0] ? toMessage(current.rows[0]) : undefined });
      }
      return results;
    });
  }
}

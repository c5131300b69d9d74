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
    return inTransaction(this.pool, async (client) => {
      // One statement per target status (and rule), in the order each first appears (receipts come at send rate, so a
      // batch holds hundreds): a later status of the same message applies after an earlier one.
      const moved = new Map<number, OutgoingMessage>();
      const keyOf = (item: StatusChange) => `${item.status}|${item.from.join(',')}`;
      for (const key of new Set(items.map(keyOf))) {
        const group = items.map((item, index) => ({ item, index })).filter(({ item }) => keyOf(item) === key);
        const status = group[0]!.item.status;
        const { rows } = await client.query<MessageRow & { n: number }>(
          `UPDATE outgoing_messages o SET status = $1, status_at = t.at, claimed_by = NULL, claim_epoch = NULL
             FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::int[]) AS t(id_instance, id_message, at, n)
            WHERE o.id_instance = t.id_instance AND o.id_message = t.id_message AND o.status = ANY($6::text[])
           RETURNING o.*, t.n`,
          [
            status,
            group.map(({ item }) => item.idInstance),
            group.map(({ item }) => item.idMessage),
            group.map(({ item }) => item.at),
            group.map(({ index }) => index),
            group[0]!.item.from,
          ],
        );
        for (const row of rows) moved.set(row.n, toMessage(row));
      }
      const unmoved = items.map((item, index) => ({ item, index })).filter(({ index }) => !moved.has(index));
      const current = new Map<string, OutgoingMessage>();
      if (unmoved.length > 0) {
        const { rows } = await client.query<MessageRow>(
          `SELECT o.* FROM outgoing_messages o JOIN unnest($1::bigint[], $2::text[]) AS t(id_instance, id_message)
              ON o.id_instance = t.id_instance AND o.id_message = t.id_message`,
          [unmoved.map(({ item }) => item.idInstance), unmoved.map(({ item }) => item.idMessage)],
        );
        for (const row of rows) current.set(`${row.id_instance}|${row.id_message}`, toMessage(row));
      }
      return items.map((item, index) => {
        const message = moved.get(index);
        return message ? { moved: true, message } : { moved: false, message: current.get(`${item.idInstance}|${item.idMessage}`) };
      });
    });
  }
}

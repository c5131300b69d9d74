// The notification journal on PostgreSQL.

import type pg from 'pg';
import { lockOwned } from './postgres-fence.js';
import { inTransaction } from './postgres-transaction.js';
import type { NewNotification, NotificationStore, StoredNotification } from '../../notifications/notification-store.js';

interface NotificationRow {
  receipt_id: number;
  id_instance: number;
  type_webhook: string;
  body_json: Record<string, unknown>;
  created_at: number;
}

export class PostgresNotificationStore implements NotificationStore {
  constructor(
    private readonly pool: pg.Pool,
    /** The node that must own an instance to append its notifications (cluster); null: no fencing. */
    private readonly fence: string | null,
  ) {}

  async appendNotifications(notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    if (this.fence === null) return this.insert(this.pool, notifications);
    const fence = this.fence;
    await inTransaction(this.pool, async (client) => {
      const owned = await lockOwned(client, fence, notifications.map((n) => n.idInstance));
      await this.insert(client, notifications.filter((n) => owned.has(n.idInstance)));
    });
  }

  private async insert(db: pg.Pool | pg.PoolClient, notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    // One statement, rows inserted in the order given: receipt ids follow the order of the batch.
    await db.query(
      `INSERT INTO notifications (id_instance, type_webhook, body_json, created_at)
       SELECT i, t, b::json, c FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS u(i, t, b, c, n)
        ORDER BY n`,
      [
        notifications.map((n) => n.idInstance),
        notifications.map((n) => n.typeWebhook),
        notifications.map((n) => JSON.stringify(n.body)),
        notifications.map((n) => n.createdAt),
      ],
    );
  }

  async headNotification(idInstance: number): Promise<StoredNotification | undefined> {
    const { rows } = await this.pool.query<NotificationRow>(
      'SELECT * FROM notifications WHERE id_instance = $1 ORDER BY receipt_id LIMIT 1',
      [idInstance],
    );
    const row = rows[0];
    return row
      ? { receiptId: row.receipt_id, idInstance: row.id_instance, typeWebhook: row.type_webhook, body: row.body_json, createdAt: row.created_at }
      : undefined;
  }

  async deleteNotification(idInstance: number, receiptId: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM notifications WHERE id_instance = $1 AND receipt_id = $2', [idInstance, receiptId]);
    return (rowCount ?? 0) > 0;
  }

  async dropNotificationsBefore(cutoff: number): Promise<Map<number, number>> {
    const { rows } = await this.pool.query<{ id_instance: number; n: number }>(
      `WITH dropped AS (DELETE FROM notifications WHERE created_at < $1 RETURNING id_instance)
       SELECT id_instance, count(*)::int AS n FROM dropped GROUP BY id_instance`,
      [cutoff],
    );
    return new Map(rows.map((r) => [r.id_instance, r.n]));
  }

  async notificationCounts(idInstance?: number): Promise<Map<number, number>> {
    const { rows } = await this.pool.query<{ id_instance: number; count: string }>(
      'SELECT id_instance, COUNT(*) AS count FROM notifications WHERE ($1::bigint IS NULL OR id_instance = $1) GROUP BY id_instance',
      [idInstance ?? null],
    );
    return new Map(rows.map((r) => [Number(r.id_instance), Number(r.count)]));
  }

  async clearNotifications(idInstance: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM notifications WHERE id_instance = $1', [idInstance]);
    return rowCount ?? 0;
  }
}

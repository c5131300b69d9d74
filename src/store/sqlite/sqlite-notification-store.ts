// The notification journal on SQLite.

import type Database from 'better-sqlite3';
import type { NewNotification, NotificationStore, StoredNotification } from '../../notifications/notification-store.js';

interface NotificationRow {
  receipt_id: number;
  id_instance: number;
  type_webhook: string;
  body_json: string;
  created_at: number;
}

export class SqliteNotificationStore implements NotificationStore {
  private readonly insert;
  private readonly head;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO notifications (id_instance, type_webhook, body_json, created_at) VALUES (?, ?, ?, ?)');
    this.head = db.prepare('SELECT * FROM notifications WHERE id_instance = ? ORDER BY receipt_id LIMIT 1');
  }

  async appendNotifications(notifications: NewNotification[]): Promise<void> {
    this.db.transaction(() => {
      for (const n of notifications) this.insert.run(n.idInstance, n.typeWebhook, JSON.stringify(n.body), n.createdAt);
    })();
  }

  async headNotification(idInstance: number): Promise<StoredNotification | undefined> {
    const row = this.head.get(idInstance) as NotificationRow | undefined;
    return row
      ? {
          receiptId: row.receipt_id,
          idInstance: row.id_instance,
          typeWebhook: row.type_webhook,
          body: JSON.parse(row.body_json) as Record<string, unknown>,
          createdAt: row.created_at,
        }
      : undefined;
  }

  async deleteNotification(idInstance: number, receiptId: number): Promise<boolean> {
    return this.db.prepare('DELETE FROM notifications WHERE id_instance = ? AND receipt_id = ?').run(idInstance, receiptId).changes > 0;
  }

  async dropNotificationsBefore(cutoff: number): Promise<Map<number, number>> {
    return this.db.transaction(() => {
      const counts = this.db
        .prepare('SELECT id_instance, count(*) AS n FROM notifications WHERE created_at < ? GROUP BY id_instance')
        .all(cutoff) as { id_instance: number; n: number }[];
      this.db.prepare('DELETE FROM notifications WHERE created_at < ?').run(cutoff);
      return new Map(counts.map((c) => [c.id_instance, c.n]));
    })();
  }

  async notificationCounts(idInstance?: number): Promise<Map<number, number>> {
    const rows = (
      idInstance === undefined
        ? this.db.prepare('SELECT id_instance, COUNT(*) AS count FROM notifications GROUP BY id_instance').all()
        : this.db.prepare('SELECT id_instance, COUNT(*) AS count FROM notifications WHERE id_instance = ? GROUP BY id_instance').all(idInstance)
    ) as { id_instance: number; count: number }[];
    return new Map(rows.map((r) => [r.id_instance, r.count]));
  }

  async clearNotifications(idInstance: number): Promise<number> {
    return this.db.prepare('DELETE FROM notifications WHERE id_instance = ?').run(idInstance).changes;
  }
}

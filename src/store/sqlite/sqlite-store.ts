// The embedded store: one SQLite file (WAL, synchronous=FULL) under the data directory.

import Database from 'better-sqlite3';
import type { Instance, InstancePatch, NewInstance } from '../../instances/instance.js';
import { canMoveStatus, expiredDescription, type MessageStatus, type NewOutgoingMessage, type OutgoingMessage } from '../../messages/message.js';
import type { ClaimOptions, FinishItem, SendOutcome, StatusChange, StatusChangeResult, Store } from '../store.js';
import type { MessageJournalStore } from '../../messages/message-journal-store.js';
import type { NotificationStore } from '../../notifications/notification-store.js';
import type { TransportKeyStore } from '../../transports/transport.js';
import { SqliteJournalStore } from './sqlite-journal-store.js';
import { applyMigrations } from './sqlite-migrations.js';
import { SqliteNotificationStore } from './sqlite-notification-store.js';
import { SqliteTransportKeyStore } from './sqlite-transport-key-store.js';
import { toInstance, toMessage, type InstanceRow, type MessageRow } from './sqlite-rows.js';

/** GREEN-API instance ids are 10 digits; Waypost numbers its own from here up. */
const firstInstanceId = 1101000001;

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
}

/** The ports over one SQLite database; closing `store` closes the database. */
export interface SqliteStores {
  store: Store;
  notifications: NotificationStore;
  journal: MessageJournalStore;
  transportKeys: TransportKeyStore;
}

export function createSqliteStores(options: SqliteStoreOptions): SqliteStores {
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // 64 MB of page cache: index pages stay in memory as the queue grows.
  db.pragma('cache_size = -65536');
  applyMigrations(db);
  return {
    store: new SqliteStore(db),
    notifications: new SqliteNotificationStore(db),
    journal: new SqliteJournalStore(db),
    transportKeys: new SqliteTransportKeyStore(db),
  };
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  return createSqliteStores(options).store;
}

class SqliteStore implements Store {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      getInstance: db.prepare('SELECT * FROM instances WHERE id_instance = ?'),
      maxInstanceId: db.prepare('SELECT max(id_instance) AS id FROM instances'),
      insertMessage: db.prepare(
        `INSERT INTO outgoing_messages
           (id_instance, id_message, chat_id, method, request_json, content_json, status, accepted_at, status_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      ),
      queueHead: db.prepare(
        `SELECT * FROM outgoing_messages
          WHERE id_instance = ? AND status IN ('queued', 'sending') ORDER BY seq LIMIT 1`,
      ),
      claim: db.prepare(
        `UPDATE outgoing_messages SET status = 'sending', lease_until = ?, attempts = attempts + 1, status_at = ?
          WHERE seq = ?`,
      ),
      getMessage: db.prepare('SELECT * FROM outgoing_messages WHERE id_instance = ? AND id_message = ?'),
      finish: db.prepare(
        `UPDATE outgoing_messages
            SET status = ?, status_at = ?, sent_at = ?, description = ?, lease_until = NULL
          WHERE id_instance = ? AND id_message = ? AND status IN ('queued', 'sending')`,
      ),
      recordSend: db.prepare('UPDATE instances SET last_send_at = ? WHERE id_instance = ?'),
      advance: db.prepare('UPDATE outgoing_messages SET status = ?, status_at = ?, lease_until = NULL WHERE seq = ?'),
    };
  }

  async createInstance(input: NewInstance): Promise<Instance> {
    const create = this.db.transaction(() => {
      const max = (this.statements.maxInstanceId.get() as { id: number | null }).id;
      const idInstance = max === null ? firstInstanceId : max + 1;
      this.db
        .prepare(
          `INSERT INTO instances (id_instance, name, api_token, created_at, settings_json, state)
           VALUES (?, ?, ?, ?, ?, 'notAuthorized')`,
        )
        .run(idInstance, input.name, input.apiToken, input.createdAt, JSON.stringify(input.settings));
      return idInstance;
    });
    const idInstance = create.immediate();
    return (await this.getInstance(idInstance)) as Instance;
  }

  async getInstance(idInstance: number): Promise<Instance | undefined> {
    const row = this.statements.getInstance.get(idInstance) as InstanceRow | undefined;
    return row ? toInstance(row) : undefined;
  }

  async listInstances(): Promise<Instance[]> {
    const rows = this.db.prepare('SELECT * FROM instances ORDER BY id_instance').all() as InstanceRow[];
    return rows.map(toInstance);
  }

  async updateInstance(idInstance: number, patch: InstancePatch): Promise<Instance | undefined> {
    const columns: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown) => {
      columns.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.settings !== undefined) set('settings_json', JSON.stringify(patch.settings));
    if (patch.state !== undefined) set('state', patch.state);
    if (patch.wid !== undefined) set('wid', patch.wid);
    if (patch.transportAuth !== undefined) set('transport_auth', patch.transportAuth);
    if (columns.length > 0) {
      this.db
        .prepare(`UPDATE instances SET ${columns.join(', ')} WHERE id_instance = ? AND deleted_at IS NULL`)
        .run(...values, idInstance);
    }
    return this.getInstance(idInstance);
  }

  async deleteInstance(idInstance: number, at: number): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE instances SET deleted_at = ?, state = 'notAuthorized', transport_auth = NULL
            WHERE id_instance = ? AND deleted_at IS NULL`,
        )
        .run(at, idInstance).changes;
      if (changed === 0) return false;
      this.clearWaiting(idInstance, at, 'instance deleted');
      return true;
    })();
  }

  async enqueueMessages(messages: NewOutgoingMessage[]): Promise<void> {
    this.db.transaction(() => {
      for (const m of messages) {
        this.statements.insertMessage.run(
          m.idInstance,
          m.idMessage,
          m.chatId,
          m.method,
          JSON.stringify(m.requestBody),
          JSON.stringify(m.content),
          m.acceptedAt,
          m.acceptedAt,
        );
      }
    })();
  }

  async claimNextMessage(idInstance: number, options: ClaimOptions): Promise<OutgoingMessage | undefined> {
    return (await this.claimNextMessages([idInstance], options))[0];
  }

  async claimNextMessages(idInstances: readonly number[], options: ClaimOptions): Promise<OutgoingMessage[]> {
    return this.db.transaction(() => {
      const claimed: OutgoingMessage[] = [];
      for (const idInstance of idInstances) {
        const head = this.statements.queueHead.get(idInstance) as MessageRow | undefined;
        if (!head) continue;
        if (head.status === 'sending' && (head.lease_until ?? 0) > options.now) continue;
        this.statements.claim.run(options.now + options.leaseMs, options.now, head.seq);
        claimed.push(toMessage({ ...head, status: 'sending', attempts: head.attempts + 1, status_at: options.now }));
      }
      return claimed;
    }).immediate();
  }

  async finishMessage(idInstance: number, idMessage: string, outcome: SendOutcome): Promise<void> {
    await this.finishMessages([{ idInstance, idMessage, outcome }]);
  }

  async finishMessages(items: readonly FinishItem[]): Promise<void> {
    this.db.transaction(() => {
      for (const { idInstance, idMessage, outcome } of items) {
        this.statements.finish.run(
          outcome.status,
          outcome.at,
          outcome.status === 'sent' ? outcome.at : null,
          outcome.description ?? null,
          idInstance,
          idMessage,
        );
        if (outcome.status !== 'expired') this.statements.recordSend.run(outcome.at, idInstance);
      }
    })();
  }

  async releaseMessage(idInstance: number, idMessage: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE outgoing_messages SET status = 'queued', lease_until = NULL
          WHERE id_instance = ? AND id_message = ? AND status = 'sending'`,
      )
      .run(idInstance, idMessage);
  }

  async advanceMessageStatus(idInstance: number, idMessage: string, status: MessageStatus, at: number): Promise<boolean> {
    const [result] = await this.advanceMessageStatuses([{ idInstance, idMessage, status, at }]);
    return result?.moved ?? false;
  }

  async advanceMessageStatuses(items: readonly StatusChange[]): Promise<StatusChangeResult[]> {
    return this.db.transaction(() =>
      items.map(({ idInstance, idMessage, status, at }) => {
        const row = this.statements.getMessage.get(idInstance, idMessage) as MessageRow | undefined;
        if (!row) return { moved: false, message: undefined };
        if (!canMoveStatus(row.status as MessageStatus, status)) return { moved: false, message: toMessage(row) };
        this.statements.advance.run(status, at, row.seq);
        return { moved: true, message: toMessage({ ...row, status, status_at: at, lease_until: null }) };
      }),
    )();
  }

  async getMessage(idInstance: number, idMessage: string): Promise<OutgoingMessage | undefined> {
    const row = this.statements.getMessage.get(idInstance, idMessage) as MessageRow | undefined;
    return row ? toMessage(row) : undefined;
  }

  async listQueuedMessages(idInstance: number, limit: number): Promise<OutgoingMessage[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM outgoing_messages
          WHERE id_instance = ? AND status IN ('queued', 'sending') ORDER BY seq LIMIT ?`,
      )
      .all(idInstance, limit) as MessageRow[];
    return rows.map(toMessage);
  }

  async clearQueue(idInstance: number, at: number): Promise<number> {
    return this.db.transaction(() => this.clearWaiting(idInstance, at, 'queue cleared'))();
  }

  async expireMessages(acceptedBefore: number, at: number): Promise<OutgoingMessage[]> {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT * FROM outgoing_messages
            WHERE accepted_at < ? AND (status = 'queued' OR (status = 'sending' AND lease_until < ?))
            ORDER BY seq`,
        )
        .all(acceptedBefore, at) as MessageRow[];
      const expire = this.db.prepare(
        `UPDATE outgoing_messages SET status = 'expired', status_at = ?, lease_until = NULL, description = ?
          WHERE seq = ?`,
      );
      for (const row of rows) expire.run(at, expiredDescription, row.seq);
      return rows.map((row) => toMessage({ ...row, status: 'expired', status_at: at, description: expiredDescription }));
    })();
  }

  async instancesWithWaitingMessages(): Promise<number[]> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT id_instance FROM outgoing_messages WHERE status IN ('queued', 'sending') ORDER BY id_instance`,
      )
      .all() as { id_instance: number }[];
    return rows.map((r) => r.id_instance);
  }

  async releaseAllClaims(): Promise<number> {
    return this.db
      .prepare(`UPDATE outgoing_messages SET status = 'queued', lease_until = NULL WHERE status = 'sending'`)
      .run().changes;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Cleared messages end as failed, with the reason, so their fate is never unknown. */
  private clearWaiting(idInstance: number, at: number, reason: string): number {
    return this.db
      .prepare(
        `UPDATE outgoing_messages SET status = 'failed', status_at = ?, description = ?, lease_until = NULL
          WHERE id_instance = ? AND status IN ('queued', 'sending')`,
      )
      .run(at, reason, idInstance).changes;
  }
}

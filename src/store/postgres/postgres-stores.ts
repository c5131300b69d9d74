// The engine for several nodes: every store port over one PostgreSQL database (node-postgres pool).
// Migrations run at open, safely when several nodes start at once.

import pg from 'pg';
import type { Stores } from '../stores.js';
import { applyMigrations } from './postgres-migrations.js';
import { PostgresInstanceStore } from './postgres-instance-store.js';
import { PostgresJournalStore } from './postgres-journal-store.js';
import { PostgresMessageStore } from './postgres-message-store.js';
import { PostgresNotificationStore } from './postgres-notification-store.js';
import { PostgresQueueStore } from './postgres-queue-store.js';
import { PostgresTransportKeyStore } from './postgres-transport-key-store.js';

export interface PostgresStoreOptions {
  url: string;
  /** Connections in the pool (a node's queries are short; group commit keeps them few). */
  poolSize?: number;
}

/** BIGINT (int8) columns hold millisecond times and ids, all well inside a double's exact range. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgresStores(options: PostgresStoreOptions): Promise<Stores> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 8, types });
  // An idle connection the server dropped (a restart) is an error on the pool, not a crash of the process.
  pool.on('error', () => {});
  try {
    await applyMigrations(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    engine: 'postgres',
    instances: new PostgresInstanceStore(pool),
    queue: new PostgresQueueStore(pool),
    messages: new PostgresMessageStore(pool),
    notifications: new PostgresNotificationStore(pool),
    journal: new PostgresJournalStore(pool),
    transportKeys: new PostgresTransportKeyStore(pool),
    close: () => pool.end(),
  };
}

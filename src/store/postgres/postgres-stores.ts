// The engine for several nodes: every store port over one PostgreSQL database (node-postgres pool).
// Migrations run at open, safely when several nodes start at once.

import pg from 'pg';
import type { Stores } from '../stores.js';
import { applyMigrations } from './postgres-migrations.js';
import { guardPool } from './postgres-transaction.js';
import { newNodeId } from '../../core/ids.js';
import { createPostgresSignals } from './postgres-signals.js';
import { PostgresClusterStore } from './postgres-cluster-store.js';
import { PostgresInstanceStore } from './postgres-instance-store.js';
import { PostgresJournalStore } from './postgres-journal-store.js';
import { PostgresMessageStore } from './postgres-message-store.js';
import { PostgresNotificationStore } from './postgres-notification-store.js';
import { PostgresQueueStore } from './postgres-queue-store.js';
import { PostgresFileStore } from './postgres-file-store.js';
import { PostgresTransportKeyStore } from './postgres-transport-key-store.js';

export interface PostgresStoreOptions {
  url: string;
  /** Connections in the pool (a node's queries are short; group commit keeps them few). */
  poolSize?: number;
  /**
   * The node these stores write for, in a cluster: owner-only writes (claims, notifications, link state,
   * session keys, expiry) then go ahead only for instances this node owns. Unset: no fencing (tools, tests).
   */
  node?: string;
  /** Background failures (a lost listening connection). */
  onError?: (error: unknown) => void;
}

/** BIGINT (int8) columns hold millisecond times and ids, all well inside a double's exact range. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openPostgresStores(options: PostgresStoreOptions): Promise<Stores & { cluster: PostgresClusterStore }> {
  const pool = guardPool(new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 8, types }));
  // An idle connection the server dropped (a restart) is an error on the pool, not a crash of the process.
  pool.on('error', () => {});
  try {
    await applyMigrations(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const fence = options.node ?? null;
  const cluster = new PostgresClusterStore(pool, options.url);
  const signals = createPostgresSignals({ pool, url: options.url, node: options.node ?? newNodeId(), onError: options.onError ?? (() => {}) });
  return {
    engine: 'postgres',
    instances: new PostgresInstanceStore(pool, fence),
    queue: new PostgresQueueStore(pool, fence),
    messages: new PostgresMessageStore(pool),
    notifications: new PostgresNotificationStore(pool, fence),
    journal: new PostgresJournalStore(pool),
    transportKeys: new PostgresTransportKeyStore(pool, fence),
    files: new PostgresFileStore(pool),
    cluster,
    signals,
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await signals.stop();
      await cluster.close();
      await pool.end();
    },
  };
}

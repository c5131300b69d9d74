// The embedded engine: every store port over one SQLite file (WAL, synchronous=FULL) under the data
// directory. One process at a time uses it (the data directory's lock sees to that).

import Database from 'better-sqlite3';
import { createLocalSignals } from '../../cluster/signals.js';
import type { Stores } from '../stores.js';
import { SqliteInstanceStore } from './sqlite-instance-store.js';
import { SqliteJournalStore } from './sqlite-journal-store.js';
import { SqliteMessageStore } from './sqlite-message-store.js';
import { applyMigrations } from './sqlite-migrations.js';
import { SqliteNotificationStore } from './sqlite-notification-store.js';
import { SqliteQueueStore } from './sqlite-queue-store.js';
import { SqliteTransportKeyStore } from './sqlite-transport-key-store.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for tests. */
  path: string;
}

export function createSqliteStores(options: SqliteStoreOptions): Stores {
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // 64 MB of page cache: index pages stay in memory as the queue grows.
  db.pragma('cache_size = -65536');
  applyMigrations(db);
  return {
    engine: 'sqlite',
    instances: new SqliteInstanceStore(db),
    queue: new SqliteQueueStore(db),
    messages: new SqliteMessageStore(db),
    notifications: new SqliteNotificationStore(db),
    journal: new SqliteJournalStore(db),
    transportKeys: new SqliteTransportKeyStore(db),
    cluster: null,
    signals: createLocalSignals(),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

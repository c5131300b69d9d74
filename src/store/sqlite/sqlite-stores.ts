// The embedded engine: every store port over one SQLite file (WAL, synchronous=FULL) under the data
// directory. One process at a time uses it (the data directory's lock sees to that).

import Database from 'better-sqlite3';
import { createLocalSignals } from '../../cluster/signals.js';
import type { Stores } from '../stores.js';
import { SqliteInstanceStore } from './sqlite-instance-store.js';
import { SqliteJournalStore } from './sqlite-journal-store.js';
import { SqliteMessageStore } from './sqlite-message-store.js';
import { SqliteFileStore } from './sqlite-file-store.js';
import { asStorageError, guardStore } from './sqlite-errors.js';
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
    instances: guardStore(new SqliteInstanceStore(db)),
    queue: guardStore(new SqliteQueueStore(db)),
    messages: guardStore(new SqliteMessageStore(db)),
    notifications: guardStore(new SqliteNotificationStore(db)),
    journal: guardStore(new SqliteJournalStore(db)),
    transportKeys: guardStore(new SqliteTransportKeyStore(db)),
    files: guardStore(new SqliteFileStore(db)),
    cluster: null,
    signals: createLocalSignals(),
    // A write, not a read: a full disk or a read-only data directory still answers reads.
    async ping() {
      try {
        db.prepare('INSERT OR REPLACE INTO health_probe (id, at) VALUES (1, ?)').run(Date.now());
      } catch (error) {
        throw asStorageError(error);
      }
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

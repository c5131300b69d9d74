// Applies the numbered .sql files in ./migrations once each, in order, in ONE transaction under an
// advisory lock: nodes starting together wait for each other, and the later ones find nothing to do.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction } from './postgres-transaction.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
/** An arbitrary constant: the advisory lock that serialises migrations across nodes. */
const migrationLockKey = 7_700_001;

export async function applyMigrations(pool: pg.Pool): Promise<number[]> {
  const files = readdirSync(migrationsDir)
    .filter((name) => /^\d+_.*\.sql$/.test(name))
    .sort();
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const done: number[] = [];
    for (const file of files) {
      const version = Number.parseInt(file, 10);
      if (applied.has(version)) continue;
      await client.query(readFileSync(migrationsDir + file, 'utf8'));
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
      done.push(version);
    }
    return done;
  });
}

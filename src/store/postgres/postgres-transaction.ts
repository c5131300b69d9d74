// One transaction on a pooled connection, and the one place where "the database cannot be reached"
// becomes the project's error (503 for a request, a retry for background work), never a bare driver error.

import type pg from 'pg';
import { WaypostError } from '../../core/errors.js';

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection the server ends between two statements (a restart) reports it as an 'error' event, which
  // would crash the process if nobody listened: the next statement fails instead, and the pool drops it.
  let broken: unknown = null;
  const onError = (error: unknown) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (!broken) await client.query('ROLLBACK').catch(() => {});
    throw asUnavailable(error);
  } finally {
    client.removeListener('error', onError);
    client.release(broken ? (broken as Error) : undefined);
  }
}

/**
 * Errors of a lost or refused connection (network errors, SQLSTATE classes 08 and 57P), a full disk (53100)
 * and a read-only server (25006), as WaypostErrors.
 */
export function asUnavailable(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  const message = (error as Error)?.message ?? '';
  const lost =
    (typeof code === 'string' && (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code))) ||
    /Connection terminated|connection timeout/i.test(message);
  if (code === '53100') return new WaypostError('storage_full', "PostgreSQL's disk is full: nothing was accepted; free some space on the database server");
  if (code === '25006') return new WaypostError('store_unavailable', 'the database is read-only (a standby?): nothing was accepted; point Waypost at the primary');
  return lost ? new WaypostError('store_unavailable', 'the database cannot be reached: try again in a moment') : error;
}

/** Makes every query and connection of the pool report a lost database as `store_unavailable`. */
export function guardPool(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<pg.PoolClient> | undefined;
  // The pool calls its own connect with a callback (inside query): those calls pass through untouched.
  Object.assign(pool, {
    query: (...args: unknown[]) => query(...args).catch((error) => Promise.reject(asUnavailable(error))),
    connect: (...args: unknown[]) =>
      args.length > 0 ? connect(...args) : connect()!.catch((error: unknown) => Promise.reject(asUnavailable(error))),
  });
  return pool;
}

/** Lets go of a connection of its own without waiting on it: its late errors are expected, never a crash. */
export function discardClient(client: pg.Client | null): void {
  if (!client) return;
  client.removeAllListeners();
  client.on('error', () => {});
  client.end().catch(() => {});
}

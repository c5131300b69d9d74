// A transport's session keys on PostgreSQL: one row per (instance, type, id), written in one transaction.

import type pg from 'pg';
import type { TransportKeyChange, TransportKeyStore } from '../../transports/transport.js';
import { lockOwned } from './postgres-fence.js';
import { inTransaction } from './postgres-transaction.js';

export class PostgresTransportKeyStore implements TransportKeyStore {
  constructor(
    private readonly pool: pg.Pool,
    /** The node that must own the instance to change its keys (cluster); null: no fencing. */
    private readonly fence: string | null,
  ) {}

  async get(idInstance: number, type: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query<{ key_id: string; value: string }>(
      'SELECT key_id, value FROM transport_keys WHERE id_instance = $1 AND key_type = $2 AND key_id = ANY($3::text[])',
      [idInstance, type, ids],
    );
    return new Map(rows.map((r) => [r.key_id, r.value]));
  }

  async set(idInstance: number, changes: TransportKeyChange[]): Promise<void> {
    if (changes.length === 0) return;
    // The last change of a key wins, as when the changes are applied one by one.
    const last = new Map(changes.map((c) => [`${c.type}\u0000${c.id}`, c]));
    const puts = [...last.values()].filter((c) => c.value !== null);
    const removals = [...last.values()].filter((c) => c.value === null);
    await inTransaction(this.pool, async (client) => {
      if (this.fence !== null && !(await lockOwned(client, this.fence, [idInstance])).has(idInstance)) return;
      if (removals.length > 0) {
        await client.query(
          `DELETE FROM transport_keys k USING unnest($2::text[], $3::text[]) AS r(t, i)
            WHERE k.id_instance = $1 AND k.key_type = r.t AND k.key_id = r.i`,
          [idInstance, removals.map((c) => c.type), removals.map((c) => c.id)],
        );
      }
      if (puts.length > 0) {
        await client.query(
          `INSERT INTO transport_keys (id_instance, key_type, key_id, value)
           SELECT $1, t, i, v FROM unnest($2::text[], $3::text[], $4::text[]) AS p(t, i, v)
           ON CONFLICT (id_instance, key_type, key_id) DO UPDATE SET value = excluded.value`,
          [idInstance, puts.map((c) => c.type), puts.map((c) => c.id), puts.map((c) => c.value)],
        );
      }
    });
  }

  async clear(idInstance: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      if (this.fence !== null && !(await lockOwned(client, this.fence, [idInstance])).has(idInstance)) return;
      await client.query('DELETE FROM transport_keys WHERE id_instance = $1', [idInstance]);
    });
  }
}

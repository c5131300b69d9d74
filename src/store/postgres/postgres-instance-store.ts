// Instances on PostgreSQL: ids from a sequence that starts where GREEN-API-shaped ids start.

import type pg from 'pg';
import type { Instance, InstancePatch, NewInstance } from '../../instances/instance.js';
import type { InstanceStore } from '../../instances/instance-store.js';
import { toInstance, type InstanceRow } from '../rows.js';
import { lockOwned } from './postgres-fence.js';
import { inTransaction } from './postgres-transaction.js';

export class PostgresInstanceStore implements InstanceStore {
  constructor(
    private readonly pool: pg.Pool,
    /** The node that must own an instance to change its link state and session (cluster); null: no fencing. */
    private readonly fence: string | null,
  ) {}

  async createInstance(input: NewInstance): Promise<Instance> {
    const { rows } = await this.pool.query<InstanceRow>(
      `INSERT INTO instances (name, api_token, created_at, settings_json) VALUES ($1, $2, $3, $4) RETURNING *`,
      [input.name, input.apiToken, input.createdAt, JSON.stringify(input.settings)],
    );
    return toInstance(rows[0]!);
  }

  async getInstance(idInstance: number): Promise<Instance | undefined> {
    const { rows } = await this.pool.query<InstanceRow>('SELECT * FROM instances WHERE id_instance = $1', [idInstance]);
    return rows[0] ? toInstance(rows[0]) : undefined;
  }

  async listInstances(): Promise<Instance[]> {
    const { rows } = await this.pool.query<InstanceRow>('SELECT * FROM instances ORDER BY id_instance');
    return rows.map(toInstance);
  }

  async updateInstance(idInstance: number, patch: InstancePatch): Promise<Instance | undefined> {
    const columns: string[] = [];
    const values: unknown[] = [idInstance];
    const set = (column: string, value: unknown) => {
      values.push(value);
      columns.push(`${column} = $${values.length}`);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.settings !== undefined) set('settings_json', JSON.stringify(patch.settings));
    if (patch.state !== undefined) set('state', patch.state);
    if (patch.wid !== undefined) set('wid', patch.wid);
    if (patch.transportAuth !== undefined) set('transport_auth', patch.transportAuth);
    if (columns.length === 0) return this.getInstance(idInstance);
    const update = `UPDATE instances SET ${columns.join(', ')} WHERE id_instance = $1 AND deleted_at IS NULL RETURNING *`;
    // The link state and the session are the owner's to write; settings and name anyone's.
    const ownersOnly = patch.state !== undefined || patch.wid !== undefined || patch.transportAuth !== undefined;
    const fence = ownersOnly ? this.fence : null;
    const rows =
      fence === null
        ? (await this.pool.query<InstanceRow>(update, values)).rows
        : await inTransaction(this.pool, async (client) =>
            (await lockOwned(client, fence, [idInstance])).has(idInstance) ? (await client.query<InstanceRow>(update, values)).rows : [],
          );
    return rows[0] ? toInstance(rows[0]) : this.getInstance(idInstance);
  }

  async deleteInstance(idInstance: number, at: number, description: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(
        `UPDATE instances SET deleted_at = $1, state = 'notAuthorized', transport_auth = NULL
          WHERE id_instance = $2 AND deleted_at IS NULL`,
        [at, idInstance],
      );
      if (!rowCount) return false;
      await client.query(
        `UPDATE outgoing_messages SET status = 'failed', status_at = $1, description = $2, claimed_by = NULL, claim_epoch = NULL
          WHERE id_instance = $3 AND status IN ('queued', 'sending')`,
        [at, description, idInstance],
      );
      return true;
    });
  }
}

// Instances on SQLite.

import type Database from 'better-sqlite3';
import type { Instance, InstancePatch, NewInstance } from '../../instances/instance.js';
import type { InstanceStore } from '../../instances/instance-store.js';
import { firstInstanceId } from '../first-instance-id.js';
import { toInstance, type InstanceRow } from './sqlite-rows.js';

export class SqliteInstanceStore implements InstanceStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      get: db.prepare('SELECT * FROM instances WHERE id_instance = ?'),
      maxId: db.prepare('SELECT max(id_instance) AS id FROM instances'),
      insert: db.prepare(
        `INSERT INTO instances (id_instance, name, api_token, created_at, settings_json, state)
         VALUES (?, ?, ?, ?, ?, 'notAuthorized')`,
      ),
      markDeleted: db.prepare(
        `UPDATE instances SET deleted_at = ?, state = 'notAuthorized', transport_auth = NULL
          WHERE id_instance = ? AND deleted_at IS NULL`,
      ),
      failWaiting: db.prepare(
        `UPDATE outgoing_messages SET status = 'failed', status_at = ?, description = ?, claimed_by = NULL, claim_epoch = NULL
          WHERE id_instance = ? AND status IN ('queued', 'sending')`,
      ),
    };
  }

  async createInstance(input: NewInstance): Promise<Instance> {
    const create = this.db.transaction(() => {
      const max = (this.statements.maxId.get() as { id: number | null }).id;
      const idInstance = max === null ? firstInstanceId : max + 1;
      this.statements.insert.run(idInstance, input.name, input.apiToken, input.createdAt, JSON.stringify(input.settings));
      return idInstance;
    });
    return (await this.getInstance(create.immediate())) as Instance;
  }

  async getInstance(idInstance: number): Promise<Instance | undefined> {
    const row = this.statements.get.get(idInstance) as InstanceRow | undefined;
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

  async deleteInstance(idInstance: number, at: number, description: string): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.statements.markDeleted.run(at, idInstance).changes === 0) return false;
      this.statements.failWaiting.run(at, description, idInstance);
      return true;
    })();
  }
}

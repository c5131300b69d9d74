// A transport's session keys on SQLite: one row per (instance, type, id), written in one transaction.

import type Database from 'better-sqlite3';
import type { TransportKeyChange, TransportKeyStore } from '../../transports/transport.js';

export class SqliteTransportKeyStore implements TransportKeyStore {
  private readonly statements;
  private readonly applyChanges;

  constructor(db: Database.Database) {
    this.statements = {
      get: db.prepare('SELECT value FROM transport_keys WHERE id_instance = ? AND key_type = ? AND key_id = ?'),
      put: db.prepare(
        `INSERT INTO transport_keys (id_instance, key_type, key_id, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (id_instance, key_type, key_id) DO UPDATE SET value = excluded.value`,
      ),
      remove: db.prepare('DELETE FROM transport_keys WHERE id_instance = ? AND key_type = ? AND key_id = ?'),
      clear: db.prepare('DELETE FROM transport_keys WHERE id_instance = ?'),
    };
    this.applyChanges = db.transaction((idInstance: number, changes: TransportKeyChange[]) => {
      for (const change of changes) {
        if (change.value === null) this.statements.remove.run(idInstance, change.type, change.id);
        else this.statements.put.run(idInstance, change.type, change.id, change.value);
      }
    });
  }

  async get(idInstance: number, type: string, ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const id of ids) {
      const row = this.statements.get.get(idInstance, type, id) as { value: string } | undefined;
      if (row) found.set(id, row.value);
    }
    return found;
  }

  async set(idInstance: number, changes: TransportKeyChange[]): Promise<void> {
    if (changes.length > 0) this.applyChanges(idInstance, changes);
  }

  async clear(idInstance: number): Promise<void> {
    this.statements.clear.run(idInstance);
  }
}

// Kept files on SQLite: one row per file, the bytes as a BLOB.

import type Database from 'better-sqlite3';
import type { FileStore, StoredFile } from '../../files/file-store.js';
import { toStoredFile, type FileRow } from '../rows.js';

export class SqliteFileStore implements FileStore {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      put: db.prepare('INSERT INTO files (token, id_instance, file_name, mime_type, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT * FROM files WHERE token = ?'),
      dropBefore: db.prepare('DELETE FROM files WHERE created_at < ?'),
    };
  }

  async put(file: StoredFile): Promise<void> {
    this.statements.put.run(file.token, file.idInstance, file.fileName, file.mimeType, file.bytes, file.createdAt);
  }

  async get(token: string): Promise<StoredFile | undefined> {
    const row = this.statements.get.get(token) as FileRow | undefined;
    return row && toStoredFile(row);
  }

  async dropFilesBefore(cutoff: number): Promise<number> {
    return this.statements.dropBefore.run(cutoff).changes;
  }
}

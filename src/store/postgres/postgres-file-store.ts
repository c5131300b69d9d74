// Kept files on PostgreSQL: one row per file, the bytes as BYTEA, reachable from every node.

import type pg from 'pg';
import type { FileStore, StoredFile } from '../../files/file-store.js';
import { toStoredFile, type FileRow } from '../rows.js';

export class PostgresFileStore implements FileStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(file: StoredFile): Promise<void> {
    await this.pool.query(
      'INSERT INTO files (token, id_instance, file_name, mime_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [file.token, file.idInstance, file.fileName, file.mimeType, file.bytes, file.createdAt],
    );
  }

  async get(token: string): Promise<StoredFile | undefined> {
    const { rows } = await this.pool.query<FileRow>('SELECT * FROM files WHERE token = $1', [token]);
    return rows[0] && toStoredFile(rows[0]);
  }

  async dropFilesBefore(cutoff: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM files WHERE created_at < $1', [cutoff]);
    return rowCount ?? 0;
  }
}

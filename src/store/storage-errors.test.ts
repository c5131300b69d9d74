// Disk and database failures become errors a user understands (507 full, 503 unwritable), not 500s.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWaypostError } from '../core/errors.js';
import { asUnavailable } from './postgres/postgres-transaction.js';
import { asStorageError } from './sqlite/sqlite-errors.js';

const codeOf = (error: unknown) => (isWaypostError(error) ? error.code : 'untranslated');
const failure = (code: string) => Object.assign(new Error(code), { code });

describe('storage failures', () => {
  it('reads SQLite\'s full disk as storage_full and an unwritable data directory as store_unavailable', () => {
    assert.equal(codeOf(asStorageError(failure('SQLITE_FULL'))), 'storage_full');
    assert.equal(codeOf(asStorageError(failure('ENOSPC'))), 'storage_full');
    for (const code of ['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN', 'EROFS']) {
      assert.equal(codeOf(asStorageError(failure(code))), 'store_unavailable', code);
    }
    assert.match((asStorageError(failure('SQLITE_READONLY')) as Error).message, /the data directory cannot be written/);
    assert.equal(codeOf(asStorageError(failure('SQLITE_CONSTRAINT'))), 'untranslated', 'a bug stays a bug');
  });

  it("reads PostgreSQL's disk_full and read-only server the same way", () => {
    assert.equal(codeOf(asUnavailable(failure('53100'))), 'storage_full');
    assert.equal(codeOf(asUnavailable(failure('25006'))), 'store_unavailable');
    assert.match((asUnavailable(failure('25006')) as Error).message, /read-only \(a standby\?\)/);
  });
});

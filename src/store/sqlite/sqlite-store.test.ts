import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { describeStoreContract } from '../store.contract.js';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waypost-sqlite-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

// A real file (not :memory:) so WAL and the migrations run as they do in production.
describeStoreContract('SQLite', async () => createSqliteStore({ path: join(dir, `store-${n++}.sqlite`) }));

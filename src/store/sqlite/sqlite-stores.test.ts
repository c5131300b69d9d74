// Every store contract on SQLite, on real files (not :memory:) so WAL and the migrations run as in production.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { describeStoresContract } from '../stores.contract.js';
import { createSqliteStores } from './sqlite-stores.js';

const dir = mkdtempSync(join(tmpdir(), 'waypost-sqlite-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

const open = async () => createSqliteStores({ path: join(dir, `stores-${n++}.sqlite`) });

describeStoresContract('SQLite', open);

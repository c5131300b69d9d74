// Every store contract on a real PostgreSQL database, and the migrations run by several nodes at once.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeStoresContract } from '../stores.contract.js';
import { aNewInstance } from '../../testing/builders.js';
import { createTestDatabase, type TestDatabase } from '../../testing/postgres-database.js';
import { openPostgresStores } from './postgres-stores.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database?.drop();
});

const open = async () => {
  const stores = await openPostgresStores({ url: database.url, poolSize: 4 });
  await database.truncate();
  return stores;
};

describeStoresContract('PostgreSQL', open);

describe('PostgreSQL migrations', () => {
  it('run once when several nodes start together on an empty database', async () => {
    const fresh = await createTestDatabase();
    try {
      const nodes = await Promise.all([1, 2, 3, 4].map(() => openPostgresStores({ url: fresh.url, poolSize: 2 })));
      const created = await Promise.all(nodes.map((stores) => stores.instances.createInstance(aNewInstance())));
      assert.equal(new Set(created.map((i) => i.idInstance)).size, 4, 'every node sees the one schema');
      await Promise.all(nodes.map((stores) => stores.close()));
    } finally {
      await fresh.drop();
    }
  });
});

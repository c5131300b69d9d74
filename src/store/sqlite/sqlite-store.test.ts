import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { describeMessageJournalStoreContract } from '../../messages/message-journal-store.contract.js';
import { describeNotificationStoreContract } from '../../notifications/notification-store.contract.js';
import { describeTransportKeyStoreContract } from '../../transports/transport-key-store.contract.js';
import { describeStoreContract } from '../store.contract.js';
import { createSqliteStore, createSqliteStores } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'waypost-sqlite-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

// Real files (not :memory:) so WAL and the migrations run as they do in production.
const openStores = async () => {
  const stores = createSqliteStores({ path: join(dir, `stores-${n++}.sqlite`) });
  return { ...stores, close: () => stores.store.close() };
};

describeStoreContract('SQLite', async () => createSqliteStore({ path: join(dir, `store-${n++}.sqlite`) }));
describeNotificationStoreContract('SQLite', openStores);
describeMessageJournalStoreContract('SQLite', openStores);
describeTransportKeyStoreContract('SQLite', async () => {
  const stores = await openStores();
  return { keys: stores.transportKeys, close: stores.close };
});

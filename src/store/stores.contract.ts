// Every store contract, for an engine: what SQLite and PostgreSQL must both pass.

import { describeFileStoreContract } from '../files/file-store.contract.js';
import { describeInstanceStoreContract } from '../instances/instance-store.contract.js';
import { describeMessageJournalStoreContract } from '../messages/message-journal-store.contract.js';
import { describeNotificationStoreContract } from '../notifications/notification-store.contract.js';
import { describeQueueStoreContract } from '../queue/queue-store.contract.js';
import { describeTransportKeyStoreContract } from '../transports/transport-key-store.contract.js';
import type { Stores } from './stores.js';

export function describeStoresContract(engine: string, open: () => Promise<Stores>): void {
  describeInstanceStoreContract(engine, open);
  describeQueueStoreContract(engine, open);
  describeNotificationStoreContract(engine, open);
  describeMessageJournalStoreContract(engine, open);
  describeTransportKeyStoreContract(engine, async () => {
    const stores = await open();
    return { keys: stores.transportKeys, close: stores.close };
  });
  describeFileStoreContract(engine, async () => {
    const stores = await open();
    return { files: stores.files, close: stores.close };
  });
}

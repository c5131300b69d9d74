// Every port the gateway keeps its data behind, opened together on one database (SQLite or PostgreSQL).

import type { FileStore } from '../files/file-store.js';
import type { ClusterStore } from '../cluster/cluster-store.js';
import type { Signals } from '../cluster/signals.js';
import type { InstanceStore } from '../instances/instance-store.js';
import type { MessageJournalStore } from '../messages/message-journal-store.js';
import type { MessageStore } from '../messages/message-store.js';
import type { NotificationStore } from '../notifications/notification-store.js';
import type { QueueStore } from '../queue/queue-store.js';
import type { TransportKeyStore } from '../transports/transport.js';

export interface Stores {
  instances: InstanceStore;
  queue: QueueStore;
  messages: MessageStore;
  notifications: NotificationStore;
  journal: MessageJournalStore;
  transportKeys: TransportKeyStore;
  files: FileStore;
  /** Nodes and instance ownership, on an engine several nodes can share (PostgreSQL); null on SQLite. */
  cluster: ClusterStore | null;
  /** Wake-ups between the processes that share the engine (within this one on SQLite). */
  signals: Signals;
  /** Which engine holds the data, for logs and the start-up banner. */
  readonly engine: 'sqlite' | 'postgres';
  /** Resolves when the database answers a trivial query (readiness); rejects with why not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

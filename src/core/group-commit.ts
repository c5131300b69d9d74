// Group commit: many concurrent callers' items are written by ONE store call (one transaction, one
// fsync), and each caller is answered only after that call resolved. Throughput without answering
// before the data is durable.

import { WaypostError } from './errors.js';

export interface GroupCommitOptions {
  maxBatch: number;
  /** Beyond this many items waiting for a write, new ones are refused at once (load shedding). */
  maxWaiting: number;
}

export interface GroupCommit<T, R> {
  (item: T): Promise<R>;
  /** Resolves once every item handed in so far is written (before closing the store). */
  flushed(): Promise<void>;
}

/** `write` may answer one result per item, in order; each caller gets its own. */
export function createGroupCommit<T, R = void>(
  write: (items: T[]) => Promise<R[] | void>,
  options: GroupCommitOptions = { maxBatch: 1_000, maxWaiting: 20_000 },
): GroupCommit<T, R> {
  let waiting: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let writing = false;
  let draining: Promise<void> = Promise.resolve();

  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, options.maxBatch);
      waiting = waiting.slice(batch.length);
      try {
        const results = await write(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve((results ? results[index] : undefined) as R));
      } catch (error) {
        batch.forEach((entry) => entry.reject(error));
      }
    }
    writing = false;
  }

  const commit = (item: T) =>
    new Promise<R>((resolve, reject) => {
      if (waiting.length >= options.maxWaiting) {
        reject(new WaypostError('overloaded', 'the gateway is overloaded: try again in a moment'));
        return;
      }
      waiting.push({ item, resolve, reject });
      // Let every request already parsed in this turn of the event loop join the batch.
      if (!writing && waiting.length === 1) {
        draining = new Promise<void>((resolve) => setImmediate(() => void drain().finally(resolve)));
      }
    });
  commit.flushed = async () => {
    while (writing || waiting.length > 0) await draining;
  };
  return commit;
}

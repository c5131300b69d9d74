// SQLite's failures of the disk under the data directory, in the project's words: a full disk (507) or
// one that cannot be written (503), each saying what to do, never a bare driver error answered as 500.
// Nothing is lost: the failed transaction is rolled back, and writes work again once the cause is gone.

import { WaypostError } from '../../core/errors.js';

export function asStorageError(error: unknown): unknown {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new WaypostError(
      'storage_full',
      'the disk holding the data directory is full: nothing was accepted; free some space (Waypost carries on by itself once there is room)',
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'EROFS') {
    return new WaypostError('store_unavailable', 'the data directory cannot be written (read-only or failing disk): nothing was accepted; retry once it is writable');
  }
  return error;
}

/** The store with every method's failure translated (its methods are async: a throw becomes a rejection). */
export function guardStore<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          throw asStorageError(error);
        }
      };
    },
  });
}

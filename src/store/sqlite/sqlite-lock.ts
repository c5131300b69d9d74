// One gateway per SQLite data directory. The lock is SQLite's own exclusive file lock on a small
// `waypost.lock` database, held for the life of the process: the operating system drops it when the
// process ends however it ends (kill -9 too), so a dead gateway never leaves a stale lock behind.
// Who holds it is written beside it (`waypost.pid`), since a locked database cannot be read.

import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StartupError } from '../../core/startup-error.js';

export interface DataDirectoryLock {
  release(): void;
}

export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  const db = new Database(join(dataDir, 'waypost.lock'), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock, and EXCLUSIVE mode keeps it until the connection closes.
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder;');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new StartupError(
      `the data directory ${resolve(dataDir)} is in use by another Waypost (${holderOf(dataDir)}): stop it first, ` +
        'or give this gateway its own --data-dir (several gateways share work through PostgreSQL: --database-url)',
    );
  }
  writeFileSync(join(dataDir, 'waypost.pid'), `${process.pid} ${new Date().toISOString()}\n`);
  return { release: () => db.close() };
}

function holderOf(dataDir: string): string {
  try {
    const [pid, since] = readFileSync(join(dataDir, 'waypost.pid'), 'utf8').trim().split(' ');
    return `process ${pid}, running since ${since}`;
  } catch {
    return 'a process that has not written its id yet';
  }
}

// Persistence of the simulated network: an append-only file of JSON lines, replayed at start.
// Durable enough for a sandbox (a record per change); compacted on start so it does not grow forever.

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface NetworkJournal<Entry> {
  readAll(): Entry[];
  append(entry: Entry): void;
  /** Replaces the file with the given entries (written aside, then renamed). */
  rewrite(entries: Entry[]): void;
}

/** How long a failed write (a full disk) waits before it is tried again, with what it held and what came since. */
const retryAfterFailureMs = 1_000;

export function createFileJournal<Entry>(path: string, onError: (error: unknown) => void = () => {}): NetworkJournal<Entry> {
  mkdirSync(dirname(path), { recursive: true });
  // Entries of one turn of the event loop are written together (one write, not one per delivery).
  let buffered = '';
  let failing = false;
  const flush = () => {
    if (buffered === '') return;
    try {
      appendFileSync(path, buffered);
      buffered = '';
      failing = false;
    } catch (error) {
      // Kept, and written with the next entries once the disk takes them: never a crash of the process.
      if (!failing) onError(error);
      failing = true;
      setTimeout(flush, retryAfterFailureMs).unref();
    }
  };
  return {
    readAll() {
      if (!existsSync(path)) return [];
      const entries: Entry[] = [];
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          entries.push(JSON.parse(line) as Entry);
        } catch {
          // A torn last line after a crash: everything before it stands.
        }
      }
      return entries;
    },
    append(entry) {
      if (buffered === '' && !failing) setImmediate(flush);
      buffered += JSON.stringify(entry) + '\n';
    },
    rewrite(entries) {
      flush();
      const temporary = path + '.tmp';
      writeFileSync(temporary, entries.map((e) => JSON.stringify(e) + '\n').join(''));
      renameSync(temporary, path);
    },
  };
}

export function createMemoryJournal<Entry>(): NetworkJournal<Entry> {
  let entries: Entry[] = [];
  return {
    readAll: () => [...entries],
    append: (entry) => void entries.push(entry),
    rewrite: (next) => void (entries = [...next]),
  };
}

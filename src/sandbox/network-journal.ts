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

export function createFileJournal<Entry>(path: string): NetworkJournal<Entry> {
  mkdirSync(dirname(path), { recursive: true });
  // Entries of one turn of the event loop are written together (one write, not one per delivery).
  let buffered = '';
  const flush = () => {
    if (buffered === '') return;
    appendFileSync(path, buffered);
    buffered = '';
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
      if (buffered === '') setImmediate(flush);
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

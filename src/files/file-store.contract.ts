// The file store contract, run against every store implementation.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FileStore, StoredFile } from './file-store.js';

export function describeFileStoreContract(name: string, open: () => Promise<{ files: FileStore; close(): Promise<void> }>): void {
  describe(`${name} file store contract`, () => {
    let opened: Awaited<ReturnType<typeof open>>;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(() => opened.close());

    const file = (token: string, createdAt: number, bytes = randomBytes(300_000)): StoredFile => ({
      token,
      idInstance: 1101000001,
      fileName: 'menu é.pdf',
      mimeType: 'application/pdf',
      bytes,
      createdAt,
    });

    it('gives back the very bytes and names it kept, by token only', async () => {
      const kept = file('tok-a', 1_000);
      await opened.files.put(kept);
      const found = await opened.files.get('tok-a');
      assert.deepEqual({ ...found, bytes: undefined }, { ...kept, bytes: undefined });
      assert.ok(found!.bytes.equals(kept.bytes), 'the bytes are the same');
      assert.equal(await opened.files.get('tok-b'), undefined);
    });

    it('keeps an empty file', async () => {
      await opened.files.put(file('empty', 1_000, Buffer.alloc(0)));
      assert.equal((await opened.files.get('empty'))!.bytes.length, 0);
    });

    it('drops the files kept before the cutoff and only those', async () => {
      await opened.files.put(file('old', 1_000, Buffer.from('old')));
      await opened.files.put(file('new', 2_000, Buffer.from('new')));
      assert.equal(await opened.files.dropFilesBefore(2_000), 1);
      assert.equal(await opened.files.get('old'), undefined);
      assert.equal((await opened.files.get('new'))!.bytes.toString(), 'new');
    });
  });
}

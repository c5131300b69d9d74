import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingMessage } from '../transports/transport.js';
import { keepIncomingFile } from './incoming-files.js';

const photo = (read: () => Promise<Buffer>, size: number | null = 3): IncomingMessage => ({
  idMessage: 'ABC123',
  chatId: '79990000002@c.us',
  sender: '79990000002@c.us',
  senderName: 'Ada',
  receivedAt: 0,
  other: { typeMessage: 'imageMessage', data: { fileMessageData: { downloadUrl: '', caption: 'hi', fileName: '', mimeType: 'image/jpeg' } } },
  file: { fileName: '', mimeType: 'image/jpeg', size, read },
});

describe('keeping a received file', () => {
  const kept: { fileName: string }[] = [];
  const files = {
    maxBytes: 10,
    keep: async (_id: number, file: { fileName: string }) => {
      kept.push(file);
      return { urlFile: `http://gw/files/t/${file.fileName}`, fileName: file.fileName, mimeType: 'image/jpeg' };
    },
  };

  it('links the kept bytes, naming a photo that came without a name', async () => {
    const message = await keepIncomingFile(files, 1, photo(async () => Buffer.from('abc')), { readTimeoutMs: 1_000, onUnkept: assert.fail });
    assert.deepEqual(message.other!.data.fileMessageData, { downloadUrl: 'http://gw/files/t/ABC123.jpg', caption: 'hi', fileName: 'ABC123.jpg', mimeType: 'image/jpeg' });
    assert.equal(message.file, undefined, 'the reader is not passed on');
  });

  it('passes the message on without a link when the download stalls, fails or the file is too large', async () => {
    const reasons: string[] = [];
    const onUnkept = (reason: string) => reasons.push(reason);
    const stalled = await keepIncomingFile(files, 1, photo(() => new Promise(() => {})), { readTimeoutMs: 50, onUnkept });
    const failed = await keepIncomingFile(files, 1, photo(async () => Promise.reject(new Error('HTTP 410'))), { readTimeoutMs: 1_000, onUnkept });
    const large = await keepIncomingFile(files, 1, photo(async () => assert.fail('not read'), 11), { readTimeoutMs: 1_000, onUnkept });
    for (const message of [stalled, failed, large]) assert.equal((message.other!.data.fileMessageData as { downloadUrl: string }).downloadUrl, '');
    assert.deepEqual(reasons, [
      'a received file could not be kept: the download took longer than 50 ms',
      'a received file could not be kept: HTTP 410',
      'a received file of 11 bytes is larger than the limit of 10 bytes: not kept',
    ]);
  });
});

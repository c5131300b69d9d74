// Received files are kept as they arrive: the bytes go to the file store and the notification's
// `fileMessageData.downloadUrl` links to them. A file that cannot be read (too large, the download failed)
// still arrives, with an empty `downloadUrl`, and the reason is logged.

import type { IncomingMessage } from '../transports/transport.js';
import { formatBytes } from './file-fetch.js';
import { fileNameFor } from './file-kinds.js';
import type { FileService } from './file-service.js';

export async function keepIncomingFile(
  files: Pick<FileService, 'keep' | 'maxBytes'>,
  idInstance: number,
  message: IncomingMessage,
  options: { readTimeoutMs: number; onUnkept: (reason: string) => void },
): Promise<IncomingMessage> {
  const { onUnkept } = options;
  const file = message.file;
  const data = message.other?.data.fileMessageData as Record<string, unknown> | undefined;
  if (!file || !data) return message;
  const { file: _read, ...rest } = message;
  if (file.size !== null && file.size > files.maxBytes) {
    onUnkept(`a received file of ${formatBytes(file.size)} is larger than the limit of ${formatBytes(files.maxBytes)}: not kept`);
    return rest;
  }
  try {
    // The instance's next messages wait for this one: a stalled download must not hold them for long.
    const bytes = await withTimeout(file.read(), options.readTimeoutMs, `the download took longer than ${options.readTimeoutMs} ms`);
    const fileName = file.fileName || fileNameFor(message.idMessage, file.mimeType);
    const kept = await files.keep(idInstance, { fileName, mimeType: file.mimeType, bytes });
    const fileMessageData = { ...data, downloadUrl: kept.urlFile, fileName, mimeType: file.mimeType || kept.mimeType };
    return { ...rest, other: { ...message.other!, data: { ...message.other!.data, fileMessageData } } };
  } catch (error) {
    onUnkept(`a received file could not be kept: ${(error as Error).message}`);
    return rest;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(reason)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// Files for the gateway: keeps uploaded and received files (in the store, for the retention), serves them
// by token, and gives the dispatcher the bytes of a file message when it leaves (from the store when the
// URL is the gateway's own, fetched otherwise).

import type { Clock } from '../core/clock.js';
import { WaypostError } from '../core/errors.js';
import { fetchFile, FileUnavailable, formatBytes } from './file-fetch.js';
import { mimeTypeOf } from './file-kinds.js';
import { fileTokenOfUrl, fileUrl, isFileToken, newFileToken } from './file-links.js';
import type { FileStore, StoredFile } from './file-store.js';

export interface FileServiceDeps {
  store: FileStore;
  clock: Clock;
  /** Where clients reach the gateway (WAYPOST_PUBLIC_URL, else the listen address): file links start with it. */
  publicUrl(): string;
  onDropped?(count: number): void;
  onError(error: unknown, context: string): void;
}

export interface FileServiceOptions {
  maxBytes: number;
  fetchTimeoutMs: number;
  retentionMs: number;
  sweepMs: number;
}

export interface NewFile {
  fileName: string;
  /** Given by the sender; else decided by the name. */
  mimeType?: string | null;
  bytes: Buffer;
}

export interface KeptFile {
  urlFile: string;
  fileName: string;
  mimeType: string;
}

/** The bytes of a file message as it leaves. */
export interface FileToSend {
  bytes: Buffer;
  mimeType: string;
}

export interface FileService {
  readonly maxBytes: number;
  /** Keeps a file for the retention; answers its URL. A file over the limit is refused (413). */
  keep(idInstance: number, file: NewFile): Promise<KeptFile>;
  /** A kept file by its token, or undefined (unknown, or dropped after the retention). */
  find(token: string): Promise<StoredFile | undefined>;
  /** The bytes of a file message's `urlFile`: throws FileUnavailable with the reason when there are none. */
  bytesForSend(urlFile: string, fileName: string): Promise<FileToSend>;
  start(): void;
  stop(): void;
}

export function createFileService(deps: FileServiceDeps, options: FileServiceOptions): FileService {
  let sweep: ReturnType<typeof setInterval> | undefined;

  return {
    maxBytes: options.maxBytes,
    async keep(idInstance, file) {
      if (file.bytes.length > options.maxBytes) {
        throw new WaypostError('payload_too_large', `the file is larger than the limit of ${formatBytes(options.maxBytes)}`);
      }
      const token = newFileToken();
      const mimeType = mimeTypeOf(file.fileName, file.mimeType);
      await deps.store.put({ token, idInstance, fileName: file.fileName, mimeType, bytes: file.bytes, createdAt: deps.clock.now() });
      return { urlFile: fileUrl(deps.publicUrl(), token, file.fileName), fileName: file.fileName, mimeType };
    },
    async find(token) {
      if (!isFileToken(token)) return undefined;
      return deps.store.get(token);
    },
    async bytesForSend(urlFile, fileName) {
      const token = fileTokenOfUrl(urlFile);
      const kept = token ? await deps.store.get(token) : undefined;
      if (kept) return { bytes: kept.bytes, mimeType: mimeTypeOf(fileName, kept.mimeType) };
      if (token && sameOrigin(urlFile, deps.publicUrl())) {
        throw new FileUnavailable('the uploaded file is no longer kept (files are kept for the retention): upload it again');
      }
      const fetched = await fetchFile(urlFile, { maxBytes: options.maxBytes, timeoutMs: options.fetchTimeoutMs });
      return { bytes: fetched.bytes, mimeType: mimeTypeOf(fileName, fetched.contentType) };
    },
    start() {
      sweep = setInterval(() => {
        deps.store
          .dropFilesBefore(deps.clock.now() - options.retentionMs)
          .then((count) => count > 0 && deps.onDropped?.(count))
          .catch((error) => deps.onError(error, 'file retention sweep'));
      }, options.sweepMs);
      sweep.unref();
    },
    stop() {
      clearInterval(sweep);
    },
  };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

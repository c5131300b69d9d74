// Files over WhatsApp Web: an outgoing file is encrypted with a fresh media key and uploaded to WhatsApp's
// media servers (baileys' encryptedStream and the socket's upload), and the message carries the key and
// the file's digests; a received file is downloaded and decrypted with baileys' own helper.

import { unlink } from 'node:fs/promises';
import { downloadContentFromMessage, encryptedStream, toBuffer, type proto } from 'baileys';
import type { FileKind } from '../../files/file-kinds.js';
import type { IncomingFile } from '../transport.js';
import type { WaSocket } from './wa-socket.js';

/** What an uploaded file's message carries (imageMessage, documentMessage, ...), beside its caption. */
export interface UploadedMedia {
  url: string;
  directPath: string;
  mediaKey: Uint8Array;
  fileEncSha256: Uint8Array;
  fileSha256: Uint8Array;
  fileLength: number;
  mediaKeyTimestamp: number;
  mimetype: string;
}

export async function uploadMedia(
  socket: Pick<WaSocket, 'uploadMedia'>,
  file: { bytes: Buffer; mimeType: string },
  kind: FileKind,
  nowSeconds: number,
): Promise<UploadedMedia> {
  const encrypted = await encryptedStream(file.bytes, kind);
  try {
    const uploaded = await socket.uploadMedia(encrypted.encFilePath, { fileEncSha256B64: encrypted.fileEncSha256.toString('base64'), mediaType: kind });
    return {
      url: uploaded.mediaUrl,
      directPath: uploaded.directPath,
      mediaKey: encrypted.mediaKey,
      fileEncSha256: encrypted.fileEncSha256,
      fileSha256: encrypted.fileSha256,
      fileLength: encrypted.fileLength,
      mediaKeyTimestamp: nowSeconds,
      mimetype: file.mimeType,
    };
  } finally {
    await unlink(encrypted.encFilePath).catch(() => {});
  }
}

/** WhatsApp's file messages, by their proto field, and the media type their keys are derived for. */
const mediaTypes = {
  imageMessage: 'image',
  videoMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
} as const;

export type FileField = keyof typeof mediaTypes;
export const fileFields = Object.keys(mediaTypes) as FileField[];

type MediaProto = proto.Message.IImageMessage & proto.Message.IDocumentMessage & { fileLength?: number | Long | null };
type Long = { toNumber(): number };

/** The file of a received message's content (normalized: a document with a caption unwrapped), to download; null for none. */
export function incomingFileOf(content: proto.IMessage): IncomingFile | null {
  for (const field of fileFields) {
    const media = content[field] as MediaProto | null | undefined;
    if (!media) continue;
    const length = media.fileLength;
    return {
      fileName: media.fileName ?? '',
      mimeType: media.mimetype ?? '',
      size: length === null || length === undefined ? null : typeof length === 'number' ? length : length.toNumber(),
      read: async () => toBuffer(await downloadContentFromMessage(media, mediaTypes[field])),
    };
  }
  return null;
}

// What kind of WhatsApp message a file becomes (image, video, audio or document), decided by its MIME
// type, and its MIME type, decided by its name when the sender did not say: as GREEN-API decides by the
// file's extension.

import mime from 'mime-types';

export type FileKind = 'image' | 'video' | 'audio' | 'document';

/** GREEN-API's typeMessage of each kind (a received sticker is `stickerMessage` besides these). */
export const typeMessageOfKind: Record<FileKind, string> = {
  image: 'imageMessage',
  video: 'videoMessage',
  audio: 'audioMessage',
  document: 'documentMessage',
};

/** The formats WhatsApp shows inline; any other file (an SVG, a WAV, a BMP) goes as a document. */
const inline: Record<string, FileKind> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
  'video/mp4': 'video',
  'video/3gpp': 'video',
  'audio/mpeg': 'audio',
  'audio/ogg': 'audio',
  'audio/mp4': 'audio',
  'audio/aac': 'audio',
  'audio/amr': 'audio',
  'audio/opus': 'audio',
};

export function fileKindOf(mimeType: string): FileKind {
  return inline[bareMimeType(mimeType)] ?? 'document';
}

/** The file's MIME type: the one its name says, else the one given (a server's Content-Type), else binary. */
export function mimeTypeOf(fileName: string, given?: string | null): string {
  const byName = mime.lookup(fileName);
  if (byName) return byName;
  const bare = given ? bareMimeType(given) : '';
  return bare && bare !== 'application/octet-stream' ? bare : 'application/octet-stream';
}

/** A name with the extension of its MIME type, for a received file that came without one. */
export function fileNameFor(baseName: string, mimeType: string): string {
  const extension = mime.extension(bareMimeType(mimeType));
  return extension && extension !== 'bin' ? `${baseName}.${extension}` : baseName;
}

function bareMimeType(mimeType: string): string {
  return mimeType.split(';')[0]!.trim().toLowerCase();
}

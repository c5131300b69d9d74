// The gateway's file URLs: `{publicUrl}/files/{token}/{fileName}`. The token (32 random bytes) is the only
// key: a link works without the instance's token, from any node, and cannot be guessed.

import { randomBytes } from 'node:crypto';

export function newFileToken(): string {
  return randomBytes(32).toString('base64url');
}

export function fileUrl(publicUrl: string, token: string, fileName: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/files/${token}/${encodeURIComponent(fileName)}`;
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function isFileToken(value: string): boolean {
  return tokenPattern.test(value);
}

/** The token of a URL in the gateway's own file shape, or null: such a file is read from the store. */
export function fileTokenOfUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  return /\/files\/([A-Za-z0-9_-]{43})(?:\/|$)/.exec(path)?.[1] ?? null;
}

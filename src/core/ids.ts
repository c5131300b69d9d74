// Identifiers and secrets: message ids in GREEN-API's shape, instance tokens, constant-time comparison.

import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

// Message ids are made at request rate: take their randomness from a pool, not a system call each.
let pool = randomBytes(0);
let poolOffset = 0;

function pooledRandomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(6 * 1024);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** An API-sent message id as GREEN-API writes them: "BAE5" + 12 uppercase hex = 16 characters. */
export function newMessageId(): string {
  return 'BAE5' + pooledRandomHex(6).toUpperCase();
}

/** A message id for messages that arrive from phones (not sent through the API). */
export function newIncomingMessageId(): string {
  return randomBytes(10).toString('hex').toUpperCase();
}

/** 50 lowercase hex characters, like every apiTokenInstance in GREEN-API's examples. */
export function newApiToken(): string {
  return randomBytes(25).toString('hex');
}

/** Compares secrets without leaking, through timing, how much of a guess was right. */
export function secretsEqual(given: string, expected: string): boolean {
  // Hash both sides so the comparison runs on equal lengths whatever the caller sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A node's id for one run of the gateway: its host-free name in logs, claims and the cluster's table. */
export function newNodeId(): string {
  return 'node-' + randomBytes(6).toString('hex');
}

/** A secret's fingerprint, to compare secrets without keeping them (the cluster secret of each node). */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

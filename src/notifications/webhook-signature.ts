// Webhook signatures: HMAC-SHA256 over "<timestamp>.<raw body>", keyed by the instance's webhookUrlToken,
// sent as `X-Waypost-Signature: v1=<hex>` with `X-Waypost-Timestamp: <unix seconds>`. Receivers recompute it
// (see README) and refuse old timestamps to stop replays.

import { createHmac, timingSafeEqual } from 'node:crypto';

export function signWebhook(token: string, timestampSeconds: number, rawBody: string): string {
  return 'v1=' + createHmac('sha256', token).update(`${timestampSeconds}.${rawBody}`).digest('hex');
}

export function verifyWebhook(
  token: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  options: { nowSeconds: number; toleranceSeconds: number },
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || !headers.signature) return false;
  if (Math.abs(options.nowSeconds - timestamp) > options.toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(token, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// Per-instance request rate limits (off unless configured), as GREEN-API publishes them: a token bucket
// per instance and class of method, answered with 429 when empty. Memory: one small record per active
// (instance, class) pair.

import type { Clock } from '../core/clock.js';

export type RateClass = 'send' | 'receive' | 'account' | 'qr';

/** Requests per second allowed for each class of method. */
export type RateLimits = Record<RateClass, number>;

/** GREEN-API's published per-instance limits. */
export const greenApiRateLimits: RateLimits = { send: 50, receive: 100, account: 1, qr: 3 };

export function rateClassOf(methodName: string): RateClass {
  const name = methodName.toLowerCase();
  if (name.startsWith('send')) return 'send';
  if (name === 'receivenotification' || name === 'deletenotification') return 'receive';
  if (name === 'qr') return 'qr';
  return 'account';
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export function createRateLimiter(limits: RateLimits, clock: Clock) {
  const buckets = new Map<string, Bucket>();
  return {
    /** Takes one request from the bucket; false when the instance is over its limit for this class. */
    tryTake(idInstance: number, rateClass: RateClass): boolean {
      const perSecond = limits[rateClass];
      const key = `${idInstance}:${rateClass}`;
      const now = clock.now();
      const bucket = buckets.get(key) ?? { tokens: perSecond, refilledAt: now };
      bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.refilledAt) / 1000) * perSecond);
      bucket.refilledAt = now;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

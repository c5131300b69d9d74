// Per-instance request rate limits (off unless configured), as GREEN-API applies them: a token bucket per
// instance and METHOD, at the rate of the method's class, answered with 429 and Retry-After when empty (so
// a bot's getSettings followed at once by setSettings passes). Memory: one small record per active
// (instance, method) pair.

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
    /**
     * Takes one request of the method from the instance's bucket: 0 when it may go, else the whole seconds to
     * wait before the next one may (the Retry-After).
     */
    take(idInstance: number, methodName: string): number {
      const perSecond = limits[rateClassOf(methodName)];
      const key = `${idInstance}:${methodName.toLowerCase()}`;
      const now = clock.now();
      const bucket = buckets.get(key) ?? { tokens: perSecond, refilledAt: now };
      bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.refilledAt) / 1000) * perSecond);
      bucket.refilledAt = now;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      bucket.tokens -= 1;
      return 0;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

// checkWhatsapp: whether a number has WhatsApp. Answers are kept for a while, and each instance may ask
// only so often: bulk number checks are a known reason WhatsApp bans accounts, so Waypost refuses a burst
// with a clear 429 rather than pass it on.

import type { Clock } from '../core/clock.js';
import { WaypostError } from '../core/errors.js';
import { requireBodyPhoneNumber } from '../messages/send-fields.js';
import type { Instance } from './instance.js';

export interface NumberCheckOptions {
  /** How long an answer is kept (a number rarely gains or loses WhatsApp within it). */
  cacheMs: number;
  /** Checks that reach WhatsApp per instance per minute; cached answers do not count. */
  perMinute: number;
}

export const defaultNumberCheckOptions: NumberCheckOptions = { cacheMs: 24 * 3_600_000, perMinute: 20 };

export interface NumberCheckAnswer {
  existsWhatsapp: boolean;
  chatId?: string;
}

export function createNumberChecks(deps: {
  clock: Clock;
  check: (idInstance: number, phone: string) => Promise<{ exists: boolean; chatId: string | null }>;
  options?: NumberCheckOptions;
}) {
  const options = deps.options ?? defaultNumberCheckOptions;
  const cache = new Map<string, { answer: NumberCheckAnswer; at: number }>();
  const recent = new Map<number, number[]>();

  /** Takes one check from the instance's minute; the seconds to wait when there is none left. */
  function take(idInstance: number, now: number): number {
    const times = (recent.get(idInstance) ?? []).filter((at) => at > now - 60_000);
    recent.set(idInstance, times);
    if (times.length >= options.perMinute) return Math.max(1, Math.ceil((times[0]! + 60_000 - now) / 1000));
    times.push(now);
    return 0;
  }

  return {
    async check(instance: Instance, body: unknown): Promise<NumberCheckAnswer> {
      const phone = requireBodyPhoneNumber(body);
      const now = deps.clock.now();
      const key = `${instance.idInstance}:${phone}`;
      const cached = cache.get(key);
      if (cached && cached.at > now - options.cacheMs) return cached.answer;
      if (instance.state !== 'authorized') throw new WaypostError('not_authorized', 'instance account not authorized: link a phone first');
      const wait = take(instance.idInstance, now);
      if (wait > 0) {
        throw new WaypostError(
          'rate_limited',
          `too many number checks for this instance (at most ${options.perMinute} a minute: bulk checks get accounts banned); try again in ${wait} s`,
          { retryAfterSeconds: wait },
        );
      }
      const result = await deps.check(instance.idInstance, phone);
      const answer: NumberCheckAnswer = result.exists ? { existsWhatsapp: true, chatId: result.chatId ?? `${phone}@c.us` } : { existsWhatsapp: false };
      cache.set(key, { answer, at: now });
      return answer;
    },
  };
}

// Who may use the console: a one-time sign-in link (printed by `npm start`) or the partner token opens a
// session, kept in a signed cookie. The signature's key comes from the partner token, so every node of a
// cluster reads the same sessions, and changing the token signs everyone out.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { secretsEqual } from '../core/ids.js';

export interface ConsoleSessions {
  /** A new one-time sign-in code (valid for `codeLifetimeMs`, on this node). */
  newSignInCode(): string;
  /** A session for the code, which is then spent; null for an unknown, spent or expired one. */
  signInWithCode(code: string): string | null;
  /** A session for the partner token; null for a wrong one. */
  signInWithPartnerToken(token: string): string | null;
  /** Whether the cookie value is a live session. */
  isSignedIn(session: string | undefined): boolean;
  readonly sessionLifetimeMs: number;
}

export const codeLifetimeMs = 15 * 60_000;

export function createConsoleSessions(partnerToken: string, clock: Clock, sessionLifetimeMs = 12 * 3_600_000): ConsoleSessions {
  const key = createHash('sha256').update(`waypost console sessions\u0000${partnerToken}`).digest();
  const codes = new Map<string, number>();
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  const newSession = () => {
    const payload = `${clock.now() + sessionLifetimeMs}.${randomBytes(12).toString('base64url')}`;
    return `${payload}.${sign(payload)}`;
  };

  return {
    sessionLifetimeMs,
    newSignInCode() {
      for (const [code, expiresAt] of codes) if (expiresAt < clock.now()) codes.delete(code);
      const code = randomBytes(24).toString('base64url');
      codes.set(code, clock.now() + codeLifetimeMs);
      return code;
    },
    signInWithCode(code) {
      const expiresAt = codes.get(code);
      codes.delete(code);
      return expiresAt !== undefined && expiresAt >= clock.now() ? newSession() : null;
    },
    signInWithPartnerToken(token) {
      return secretsEqual(token, partnerToken) ? newSession() : null;
    },
    isSignedIn(session) {
      const [expiresAt, nonce, signature] = (session ?? '').split('.');
      if (!expiresAt || !nonce || !signature || !secretsEqual(signature, sign(`${expiresAt}.${nonce}`))) return false;
      return Number(expiresAt) > clock.now();
    },
  };
}

// What to do when WhatsApp Web closes the connection, by its disconnect code (baileys' DisconnectReason).

import { backoffDelayMs } from '../../core/backoff.js';
import type { InstanceState } from '../../instances/instance.js';

export type ReconnectDecision =
  /** 515 "restart required": normal right after pairing. */
  | { action: 'reconnectNow' }
  /** A transient close: try again after a jittered, growing delay. */
  | { action: 'reconnectLater'; delayMs: number }
  /** 401: the phone removed the device. Forget the session and start over unlinked (a new QR). */
  | { action: 'loggedOut' }
  /** Reconnecting would loop or make things worse: stop, report the state, wait for a reboot. */
  | { action: 'stop'; state: InstanceState; reason: string };

export const reconnectBackoff = { baseMs: 1_000, maxMs: 60_000 };

export function decideReconnect(statusCode: number | undefined, attempt: number, random?: () => number): ReconnectDecision {
  switch (statusCode) {
    case 515:
      return { action: 'reconnectNow' };
    case 401:
      return { action: 'loggedOut' };
    case 440:
      return { action: 'stop', state: 'sleepMode', reason: 'connection replaced: another client opened this session' };
    case 403:
      return { action: 'stop', state: 'blocked', reason: 'forbidden: WhatsApp refused this account' };
    case 411:
      return { action: 'stop', state: 'sleepMode', reason: 'multi-device mismatch: link the device again' };
    default:
      // 428 closed, 408 lost or timed out, 500 bad session, 503 unavailable, and closes with no code.
      return {
        action: 'reconnectLater',
        delayMs: backoffDelayMs(attempt, { ...reconnectBackoff, ...(random ? { random } : {}) }),
      };
  }
}

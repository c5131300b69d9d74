// WhatsApp's reach-out time lock (ack error 463): for a while the account may not start new chats. The
// WhatsApp Web transport learns it (from the server, or from a 463 ack) and keeps it with the instance's
// session keys, so it survives restarts and any node of a cluster can show it; chats the account has
// talked with are kept there too, since they stay open during a lock.

import type { TransportKeyStore } from './transport.js';

export interface ReachoutLock {
  isActive: boolean;
  /** When WhatsApp lifts it (ms since epoch), if it said. */
  timeEnforcementEnds: number | null;
  /** WhatsApp's reason, e.g. DEFAULT or a commerce-policy name. */
  enforcementType: string;
}

export const noReachoutLock: ReachoutLock = { isActive: false, timeEnforcementEnds: null, enforcementType: 'DEFAULT' };

const lockKey = { type: 'waypost-reachout-lock', id: 'lock' };
const knownChatType = 'waypost-known-chat';

/** The lock as it stands at `now`: one whose end has passed is over. */
export function reachoutLockAt(lock: ReachoutLock, now: number): ReachoutLock {
  return lock.isActive && lock.timeEnforcementEnds !== null && lock.timeEnforcementEnds <= now ? noReachoutLock : lock;
}

/** The stored lock as it stands at `now`. */
export async function readReachoutLock(keys: TransportKeyStore, idInstance: number, now: number): Promise<ReachoutLock> {
  const stored = (await keys.get(idInstance, lockKey.type, [lockKey.id])).get(lockKey.id);
  return stored ? reachoutLockAt(JSON.parse(stored) as ReachoutLock, now) : noReachoutLock;
}

export async function writeReachoutLock(keys: TransportKeyStore, idInstance: number, lock: ReachoutLock): Promise<void> {
  await keys.set(idInstance, [{ ...lockKey, value: lock.isActive ? JSON.stringify(lock) : null }]);
}

export async function isKnownChat(keys: TransportKeyStore, idInstance: number, chatIds: string[]): Promise<boolean> {
  return (await keys.get(idInstance, knownChatType, chatIds)).size > 0;
}

export async function rememberChats(keys: TransportKeyStore, idInstance: number, chatIds: string[]): Promise<void> {
  await keys.set(idInstance, chatIds.map((id) => ({ type: knownChatType, id, value: '1' })));
}

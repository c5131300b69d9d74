// One session's view of WhatsApp's reach-out time lock: what the server says (a `reachoutTimeLock`
// connection update, fetched again after a 463 ack and on every connect), kept in the store with the
// chats the account knows; while it holds, a send to a chat it does not know fails at once instead of
// going out (each such send is another reach-out, which WhatsApp punishes with a longer lock).

import type { Clock, TimerHandle } from '../../core/clock.js';
import {
  isKnownChat,
  noReachoutLock,
  reachoutLockAt,
  readReachoutLock,
  rememberChats,
  writeReachoutLock,
  type ReachoutLock,
} from '../reachout-lock.js';
import type { TransportKeyStore } from '../transport.js';

export interface ReachoutGuardDeps {
  idInstance: number;
  keys: TransportKeyStore;
  clock: Clock;
  /** The lock started, changed or ended. */
  onChange: (lock: ReachoutLock) => void;
  onError: (error: unknown) => void;
}

/** What a 463 ack means until the server says more: WhatsApp Web's own default is an hour. */
const provisionalLockMs = 3_600_000;

/** The server's update, as baileys reports it. */
export interface ServerReachoutLock {
  isActive?: boolean;
  timeEnforcementEnds?: Date;
  enforcementType?: string;
}

export function createReachoutGuard(deps: ReachoutGuardDeps) {
  const { idInstance, keys, clock } = deps;
  const known = new Set<string>();
  let lock: ReachoutLock | null = null;
  let endTimer: TimerHandle | null = null;

  async function current(): Promise<ReachoutLock> {
    lock = reachoutLockAt(lock ?? (await readReachoutLock(keys, idInstance, clock.now())), clock.now());
    return lock;
  }

  async function change(next: ReachoutLock): Promise<void> {
    const before = await current();
    lock = next;
    await writeReachoutLock(keys, idInstance, next);
    endTimer?.cancel();
    endTimer = null;
    if (next.isActive && next.timeEnforcementEnds !== null) {
      endTimer = clock.setTimer(() => void change(noReachoutLock).catch(deps.onError), next.timeEnforcementEnds - clock.now());
    }
    if (before.isActive !== next.isActive || before.timeEnforcementEnds !== next.timeEnforcementEnds) deps.onChange(next);
  }

  return {
    /** Why a send to this chat (known by any of these ids) must not go out now, or null. */
    async refusal(chatIds: string[]): Promise<string | null> {
      const now = await current();
      if (!now.isActive || chatIds.some((id) => known.has(id))) return null;
      if (await isKnownChat(keys, idInstance, chatIds)) return null;
      const until = now.timeEnforcementEnds === null ? 'for now' : `until ${new Date(now.timeEnforcementEnds).toISOString()}`;
      return `not sent: WhatsApp does not let this account start new chats ${until} (reach-out time lock, error 463)`;
    },

    /** Chats the account has exchanged messages with: they stay open during a lock. */
    async remember(chatIds: string[]): Promise<void> {
      const fresh = chatIds.filter((id) => !known.has(id));
      if (fresh.length === 0) return;
      fresh.forEach((id) => known.add(id));
      await rememberChats(keys, idInstance, fresh);
    },

    /** A 463 ack: locked for now, until the server says for how long (the caller asks it). */
    async onRefusedReachout(): Promise<void> {
      if ((await current()).isActive) return;
      await change({ isActive: true, timeEnforcementEnds: clock.now() + provisionalLockMs, enforcementType: 'DEFAULT' });
    },

    async onServerUpdate(update: ServerReachoutLock): Promise<void> {
      if (!update.isActive) return change(noReachoutLock);
      await change({
        isActive: true,
        timeEnforcementEnds: update.timeEnforcementEnds ? update.timeEnforcementEnds.getTime() : null,
        enforcementType: update.enforcementType ?? 'DEFAULT',
      });
    },

    stop(): void {
      endTimer?.cancel();
      endTimer = null;
    },
  };
}

export type ReachoutGuard = ReturnType<typeof createReachoutGuard>;

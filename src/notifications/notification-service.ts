// The notification journal: gateway events become GREEN-API notifications, committed in arrival order
// (one batch per turn), kept until the bot deletes them (polling) or the webhook takes them, and dropped
// past the retention with a log line and a counter.

import type { Clock, TimerHandle } from '../core/clock.js';
import type { Instance } from '../instances/instance.js';
import type { ReplyInterpreter } from '../messages/reply-interpreter.js';
import type { GatewayEvent } from './gateway-event.js';
import {
  incomingMessageBody,
  isWanted,
  outgoingApiMessageBody,
  outgoingStatusBody,
  outgoingFromPhoneBody,
  reachoutLockBody,
  stateChangedBody,
  type NotificationBody,
} from './notification-bodies.js';
import type { NewNotification, NotificationStore, StoredNotification } from './notification-store.js';

export interface NotificationServiceDeps {
  notifications: NotificationStore;
  /** The instance as it is now (a cached read: this runs for every event). */
  getInstance: (idInstance: number) => Promise<Instance | undefined>;
  replies: ReplyInterpreter;
  clock: Clock;
  /** New notifications were committed for the instance (the webhook pusher listens). */
  onAppended: (idInstance: number) => void;
  /** The notifications just committed, in order (the console's live stream shows them). */
  onCommitted?: (committed: readonly NewNotification[]) => void;
  onDropped: (idInstance: number, count: number) => void;
  /** Someone polls an instance whose notifications go to its webhook (they get null, after the timeout). */
  onPollingAWebhookInstance?: (idInstance: number) => void;
  onError: (error: unknown, context: string) => void;
}

const eventsPerTurn = 200;

export interface NotificationServiceOptions {
  retentionMs: number;
  sweepMs: number;
}

export function createNotificationService(deps: NotificationServiceDeps, options: NotificationServiceOptions) {
  const { notifications, clock } = deps;
  let pendingEvents: GatewayEvent[] = [];
  let unsaved: NewNotification[] = [];
  let draining: Promise<void> | null = null;
  const waiters = new Map<number, Set<() => void>>();
  let sweepTimer: TimerHandle | null = null;
  let stopped = false;
  let droppedTotal = 0;

  async function bodiesFor(event: GatewayEvent): Promise<{ instance: Instance; bodies: NotificationBody[] } | null> {
    const idInstance = event.type === 'stateChanged' ? event.instance.idInstance : event.type === 'messageStatus' ? event.event.idInstance : event.idInstance;
    const instance = await deps.getInstance(idInstance);
    if (!instance || instance.deletedAt !== null) return null;
    if (event.type === 'stateChanged') return { instance, bodies: [stateChangedBody(event.instance, clock.now())] };
    if (event.type === 'reachoutLockChanged') return { instance, bodies: [reachoutLockBody(instance, event.lock, clock.now())] };
    // Written on the phone itself: told as it is, never read as an answer to the bot's buttons.
    if (event.type === 'incomingMessage' && event.message.fromMe) return { instance, bodies: [outgoingFromPhoneBody(instance, event.message)] };
    if (event.type === 'incomingMessage') {
      const record = await deps.replies.interpret(idInstance, event.message);
      return { instance, bodies: record ? [incomingMessageBody(instance, record)] : [] };
    }
    const bodies: NotificationBody[] = [];
    if (event.event.status === 'sent') {
      // The dispatcher, the only source of `sent`, hands the content along.
      const { idMessage, chatId, content } = event.event;
      if (content) bodies.push(outgoingApiMessageBody(instance, { idMessage, chatId, content }, event.event.at));
    }
    bodies.push(outgoingStatusBody(instance, event.event));
    return { instance, bodies };
  }

  async function drain(): Promise<void> {
    while (pendingEvents.length > 0 || unsaved.length > 0) {
      // A bounded slice per turn, then a yield: a long run of microtasks here would hold up the
      // dispatcher's timers (and so the pacing of sends).
      const events = pendingEvents.slice(0, eventsPerTurn);
      pendingEvents = pendingEvents.slice(events.length);
      for (const event of events) {
        try {
          const built = await bodiesFor(event);
          for (const body of built?.bodies ?? []) {
            if (!isWanted(built!.instance, body)) continue;
            unsaved.push({ idInstance: built!.instance.idInstance, typeWebhook: body.typeWebhook, body, createdAt: clock.now() });
          }
        } catch (error) {
          deps.onError(error, `building notifications for ${event.type}`);
        }
      }
      const batch = unsaved;
      try {
        await notifications.appendNotifications(batch);
        unsaved = unsaved.slice(batch.length);
      } catch (error) {
        // Kept in memory and tried again: a notification is never dropped because a write failed.
        deps.onError(error, 'saving notifications');
        await new Promise<void>((resolve) => clock.setTimer(resolve, 1_000));
        continue;
      }
      if (batch.length > 0) deps.onCommitted?.(batch);
      for (const idInstance of new Set(batch.map((n) => n.idInstance))) {
        waiters.get(idInstance)?.forEach((wake) => wake());
        deps.onAppended(idInstance);
      }
      if (pendingEvents.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  function scheduleSweep(): void {
    if (stopped) return;
    sweepTimer = clock.setTimer(() => void sweep().finally(scheduleSweep), options.sweepMs);
  }

  async function sweep(): Promise<void> {
    try {
      const dropped = await notifications.dropNotificationsBefore(clock.now() - options.retentionMs);
      for (const [idInstance, count] of dropped) {
        droppedTotal += count;
        deps.onDropped(idInstance, count);
      }
    } catch (error) {
      deps.onError(error, 'notification retention sweep');
    }
  }

  function waitForNotification(idInstance: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const set = waiters.get(idInstance) ?? new Set<() => void>();
      waiters.set(idInstance, set);
      const done = () => {
        timer.cancel();
        set.delete(done);
        if (set.size === 0) waiters.delete(idInstance);
        resolve();
      };
      const timer = clock.setTimer(done, timeoutMs);
      set.add(done);
    });
  }

  return {
    /** Takes an event in; its notifications are committed in order, shortly. */
    publish(event: GatewayEvent): void {
      pendingEvents.push(event);
      if (!draining) draining = drain().finally(() => (draining = null));
    },

    /**
     * The oldest notification, waiting up to the timeout for one to come: null when none did. An instance
     * whose notifications go to its webhook answers null after the whole timeout, as GREEN-API does: an
     * error at once would turn SDK receive loops into busy loops.
     */
    async receive(instance: Instance, timeoutSeconds: number): Promise<StoredNotification | null> {
      if (instance.settings.webhookUrl) {
        deps.onPollingAWebhookInstance?.(instance.idInstance);
        const deadline = clock.now() + timeoutSeconds * 1000;
        while (!stopped && clock.now() < deadline) await waitForNotification(instance.idInstance, deadline - clock.now());
        return null;
      }
      const head = await notifications.headNotification(instance.idInstance);
      if (head || stopped) return head ?? null;
      await waitForNotification(instance.idInstance, timeoutSeconds * 1000);
      return (await notifications.headNotification(instance.idInstance)) ?? null;
    },

    remove: (idInstance: number, receiptId: number) => notifications.deleteNotification(idInstance, receiptId),

    /** Notifications waiting for the bot (getWebhooksCount). */
    count: async (idInstance: number) => (await notifications.notificationCounts(idInstance)).get(idInstance) ?? 0,

    /** Drops every waiting notification of the instance (clearWebhooksQueue): the bot chose not to hear them. */
    clear: (idInstance: number) => notifications.clearNotifications(idInstance),

    /** Another node appended notifications for these instances: answer the polls waiting here. */
    appendedElsewhere(idInstances: readonly number[]): void {
      for (const idInstance of idInstances) waiters.get(idInstance)?.forEach((wake) => wake());
    },

    /** Answers every poll waiting here (they read the journal again): after a gap in signals. */
    wakeAllPolls(): void {
      for (const set of waiters.values()) set.forEach((wake) => wake());
    },

    /** Notifications dropped past the retention since start. */
    droppedCount: () => droppedTotal,

    start(): void {
      stopped = false;
      scheduleSweep();
    },

    /** Commits what is pending and answers every waiting poll. */
    async stop(): Promise<void> {
      stopped = true;
      sweepTimer?.cancel();
      await draining;
      for (const set of waiters.values()) set.forEach((wake) => wake());
    },

    /** Resolves once every event published so far is committed (tests, shutdown). */
    async flushed(): Promise<void> {
      while (draining) await draining;
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;

// Pushes each instance's notifications to its webhookUrl, oldest first, one at a time: a 2xx removes the
// notification; anything else, or no answer within the timeout, retries the SAME one after a capped
// exponential backoff, so the order per instance holds through receiver outages.

import { backoffDelayMs } from '../core/backoff.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Instance } from '../instances/instance.js';
import type { NotificationStore, StoredNotification } from './notification-store.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** Sends one request and answers its HTTP status (throws when there was no answer). */
export type WebhookPost = (request: WebhookRequest) => Promise<number>;

export interface WebhookPusherDeps {
  notifications: NotificationStore;
  getInstance: (idInstance: number) => Promise<Instance | undefined>;
  post: WebhookPost;
  /** Whether this node pushes the instance's notifications (its owner does). */
  owns: (idInstance: number) => boolean;
  clock: Clock;
  onFailure: (idInstance: number, receiptId: number, reason: string, retryInMs: number) => void;
  /** The receiver took a notification (answered 2xx). */
  onDelivered?: (idInstance: number) => void;
  onError: (error: unknown, context: string) => void;
}

export interface WebhookPusherOptions {
  timeoutMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

interface Lane {
  running: boolean;
  again: boolean;
  attempt: number;
  retryTimer: TimerHandle | null;
}

export class WebhookPusher {
  private readonly lanes = new Map<number, Lane>();
  private readonly running = new Set<Promise<void>>();
  private stopped = true;

  constructor(
    private readonly deps: WebhookPusherDeps,
    private readonly options: WebhookPusherOptions,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    for (const idInstance of (await this.deps.notifications.notificationCounts()).keys()) this.wake(idInstance);
  }

  /** Stops pushing for an instance another node owns now; a retry waiting for it is dropped. */
  forget(idInstance: number): void {
    const lane = this.lanes.get(idInstance);
    lane?.retryTimer?.cancel();
    if (lane && !lane.running) this.lanes.delete(idInstance);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const lane of this.lanes.values()) lane.retryTimer?.cancel();
    await Promise.allSettled([...this.running]);
  }

  /** A hint that the instance may have notifications to push (new ones, or a new webhookUrl). */
  wake(idInstance: number): void {
    if (this.stopped || !this.deps.owns(idInstance)) return;
    const lane = this.lanes.get(idInstance) ?? { running: false, again: false, attempt: 0, retryTimer: null };
    this.lanes.set(idInstance, lane);
    if (lane.running) {
      lane.again = true;
      return;
    }
    if (lane.retryTimer) return; // waiting to retry the head: new notifications queue behind it
    lane.running = true;
    const run = this.pushAll(idInstance, lane)
      .catch((error) => this.deps.onError(error, `webhook for instance ${idInstance}`))
      .finally(() => {
        lane.running = false;
        this.running.delete(run);
        if (lane.again && !lane.retryTimer) {
          lane.again = false;
          this.wake(idInstance);
        }
      });
    this.running.add(run);
  }

  private async pushAll(idInstance: number, lane: Lane): Promise<void> {
    for (;;) {
      lane.again = false;
      if (this.stopped || !this.deps.owns(idInstance)) return;
      const instance = await this.deps.getInstance(idInstance);
      if (!instance || instance.deletedAt !== null || !instance.settings.webhookUrl) return;
      const head = await this.deps.notifications.headNotification(idInstance);
      if (!head) return;
      const failure = await this.deliver(instance, head);
      if (failure === null) {
        this.deps.onDelivered?.(idInstance);
        await this.deps.notifications.deleteNotification(idInstance, head.receiptId);
        lane.attempt = 0;
        continue;
      }
      const retryInMs = backoffDelayMs(lane.attempt++, { baseMs: this.options.baseBackoffMs, maxMs: this.options.maxBackoffMs });
      this.deps.onFailure(idInstance, head.receiptId, failure, retryInMs);
      lane.retryTimer = this.deps.clock.setTimer(() => {
        lane.retryTimer = null;
        this.wake(idInstance);
      }, retryInMs);
      return;
    }
  }

  /** Null when the receiver took it; otherwise why not. */
  private async deliver(instance: Instance, notification: StoredNotification): Promise<string | null> {
    const body = JSON.stringify(notification.body);
    const timestamp = Math.floor(this.deps.clock.now() / 1000);
    const token = instance.settings.webhookUrlToken;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-waypost-receipt-id': String(notification.receiptId),
      'x-waypost-timestamp': String(timestamp),
    };
    if (token) {
      headers.authorization = `Bearer ${token}`;
      headers['x-waypost-signature'] = signWebhook(token, timestamp, body);
    }
    try {
      const status = await this.deps.post({ url: instance.settings.webhookUrl, body, headers, timeoutMs: this.options.timeoutMs });
      return status >= 200 && status < 300 ? null : `answered HTTP ${status}`;
    } catch (error) {
      return `no answer: ${(error as Error).message}`;
    }
  }
}

/** The real POST, with Node's fetch; the response body is read and ignored. */
export const fetchWebhookPost: WebhookPost = async (request) => {
  const response = await fetch(request.url, {
    method: 'POST',
    body: request.body,
    headers: request.headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(request.timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
};

// The gateway's Prometheus metrics (prom-client), in one registry per gateway. Counters are fed as things
// happen; queue depth, waiting notifications, instance states and send delays are read from the store
// when Prometheus scrapes. Labels carry instance ids, statuses and method names: never a token.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Instance } from '../instances/instance.js';

export interface MetricsSources {
  /** Waiting messages (queued or in flight) per instance. */
  waitingMessages(): Promise<Map<number, number>>;
  /** Notifications not yet delivered or deleted, per instance. */
  waitingNotifications(): Promise<Map<number, number>>;
  /** Every live instance, for states, delays and which push to a webhook. */
  instances(): Promise<Instance[]>;
}

export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'waypost_' });

  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const accepted = counter('waypost_messages_accepted_total', 'Messages accepted into a send queue (answered with an idMessage)', ['instance']);
  const statuses = counter(
    'waypost_message_statuses_total',
    'Outgoing message statuses recorded: sent, delivered, read, failed, noAccount, notInGroup, expired',
    ['instance', 'status'],
  );
  const webhookDeliveries = counter(
    'waypost_webhook_deliveries_total',
    'Webhook deliveries by outcome (delivered: the receiver answered 2xx; failed: retried later)',
    ['instance', 'outcome'],
  );
  const httpRequests = counter('waypost_http_requests_total', 'HTTP requests by API method (or route) and status code', ['method', 'status']);
  const unmapped = counter(
    'waypost_incoming_unsupported_total',
    'Incoming WhatsApp messages of a kind without a GREEN-API shape (reported as unsupportedMessage)',
    ['kind'],
  );
  const pacingLag = new Histogram({
    name: 'waypost_pacing_lag_seconds',
    help: 'How long after its due time (the send delay after the previous send) a send started',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const perInstance = (name: string, help: string, read: () => Promise<Map<number, number>>) =>
    new Gauge({
      name,
      help,
      labelNames: ['instance'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const [idInstance, value] of await read()) this.set({ instance: String(idInstance) }, value);
      },
    });

  perInstance('waypost_queue_depth', 'Messages waiting to be sent (queued or in flight)', () => sources.waitingMessages());
  perInstance('waypost_notifications_waiting', 'Notifications not yet delivered or deleted', () => sources.waitingNotifications());
  perInstance('waypost_webhook_backlog', 'Notifications waiting to be pushed, of instances with a webhookUrl', async () => {
    const pushing = new Set((await sources.instances()).filter((i) => i.settings.webhookUrl).map((i) => i.idInstance));
    return new Map([...(await sources.waitingNotifications())].filter(([idInstance]) => pushing.has(idInstance)));
  });
  perInstance('waypost_send_delay_seconds', "Each instance's delaySendMessagesMilliseconds, in seconds", async () => {
    return new Map((await sources.instances()).map((i) => [i.idInstance, i.settings.delaySendMessagesMilliseconds / 1000]));
  });
  new Gauge({
    name: 'waypost_instances',
    help: 'Live instances by stateInstance',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const instance of await sources.instances()) this.inc({ state: instance.state });
    },
  });

  return {
    registry,
    accepted: (idInstance: number) => accepted.inc({ instance: String(idInstance) }),
    status: (idInstance: number, status: string) => statuses.inc({ instance: String(idInstance), status }),
    pacingLag: (ms: number) => pacingLag.observe(Math.max(0, ms) / 1000),
    webhookDelivery: (idInstance: number, outcome: 'delivered' | 'failed') => webhookDeliveries.inc({ instance: String(idInstance), outcome }),
    httpRequest: (method: string, status: number) => httpRequests.inc({ method, status: String(status) }),
    unsupportedIncoming: (kind: string) => unmapped.inc({ kind }),
    /** The exposition text Prometheus scrapes, and its content type. */
    async scrape(): Promise<{ contentType: string; text: string }> {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

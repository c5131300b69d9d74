// Signals between nodes over PostgreSQL's LISTEN/NOTIFY: one NOTIFY per topic per turn (NOTIFY takes a
// database-wide lock at commit, so never one per row), heard on a connection of its own. This node's
// own signals reach its listeners at once, without the round trip. When the listening connection is
// lost, it is opened again with backoff and listeners get `resync`: what was sent meanwhile is lost.

import pg from 'pg';
import { discardClient } from './postgres-transaction.js';
import { createSignalBatcher, createSignalListeners, type Signals, type SignalTopic } from '../../cluster/signals.js';
import { backoffDelayMs } from '../../core/backoff.js';

const channel = 'waypost_signals';
/** NOTIFY payloads must stay under 8000 bytes: ids go in chunks. */
const idsPerNotify = 500;
/** Reconnecting the listening connection: the project's jittered backoff, from half a second, doubling to 5 s. */
const listenBackoff = { baseMs: 500, maxMs: 5_000 };

interface Payload {
  n: string;
  t: SignalTopic;
  i: number[];
}

export function createPostgresSignals(options: {
  pool: pg.Pool;
  url: string;
  node: string;
  onError: (error: unknown) => void;
}): Signals {
  const listeners = createSignalListeners(options.onError);
  const deliver = listeners.deliver;
  let client: pg.Client | null = null;
  let stopped = true;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;

  const send = createSignalBatcher((topic, ids) => {
    deliver(topic, ids);
    for (let at = 0; at < ids.length; at += idsPerNotify) {
      const payload: Payload = { n: options.node, t: topic, i: ids.slice(at, at + idsPerNotify) };
      options.pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(payload)]).catch(options.onError);
    }
  });

  async function listen(): Promise<void> {
    const next = new pg.Client({ connectionString: options.url });
    next.on('notification', (message) => {
      try {
        const payload = JSON.parse(message.payload ?? '') as Payload;
        if (payload.n !== options.node) deliver(payload.t, payload.i);
      } catch (error) {
        options.onError(error);
      }
    });
    next.on('error', (error) => {
      options.onError(error);
      reconnectLater();
    });
    next.on('end', reconnectLater);
    client = next;
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    attempt = 0;
  }

  function reconnectLater(): void {
    if (stopped || retryTimer) return;
    discardClient(client);
    client = null;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      listen().then(
        () => deliver('resync', []),
        (error) => {
          options.onError(error);
          reconnectLater();
        },
      );
    }, backoffDelayMs(attempt++, listenBackoff));
  }

  return {
    send,
    subscribe: listeners.subscribe,
    async start() {
      stopped = false;
      await listen();
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      discardClient(client);
      client = null;
    },
  };
}

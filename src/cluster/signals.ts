// Wake-ups between nodes: "these instances have news of this kind". A signal is a hint that saves a
// wait, never a record: the tables are the truth, and whoever may miss one sweeps now and then.
// `resync` follows a gap in delivery (a lost database connection): look at everything again.

import { createEventHub } from '../core/event-hub.js';

export type SignalTopic = 'queue' | 'notifications' | 'instances' | 'cluster' | 'resync';

export type SignalListener = (topic: SignalTopic, idInstances: readonly number[]) => void;

export interface Signals {
  /** Tells every node, this one included, soon and in one batch per topic. */
  send(topic: Exclude<SignalTopic, 'resync'>, idInstance: number): void;
  subscribe(listener: SignalListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Batches what is sent within one turn of the event loop into one delivery per topic. */
export function createSignalBatcher(deliver: (topic: SignalTopic, idInstances: number[]) => void) {
  const pending = new Map<SignalTopic, Set<number>>();
  let scheduled = false;
  return (topic: SignalTopic, idInstance: number) => {
    const ids = pending.get(topic) ?? new Set<number>();
    ids.add(idInstance);
    pending.set(topic, ids);
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const batches = [...pending];
      pending.clear();
      for (const [t, set] of batches) deliver(t, [...set]);
    });
  };
}

/** This process's listeners of signals: one hub, a listener's failure reported, never passed on. */
export function createSignalListeners(onError: (error: unknown) => void) {
  const hub = createEventHub<{ topic: SignalTopic; idInstances: readonly number[] }>(onError);
  return {
    deliver: (topic: SignalTopic, idInstances: readonly number[]) => hub.publish({ topic, idInstances }),
    subscribe: (listener: SignalListener) => hub.subscribe(({ topic, idInstances }) => listener(topic, idInstances)),
  };
}

/** Signals within one process (one node: SQLite, or tests). */
export function createLocalSignals(onError: (error: unknown) => void = () => {}): Signals {
  const listeners = createSignalListeners(onError);
  return {
    send: createSignalBatcher(listeners.deliver),
    subscribe: listeners.subscribe,
    start: async () => {},
    stop: async () => {},
  };
}

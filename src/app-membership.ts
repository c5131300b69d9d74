// Part of the composition root: this node's membership. Alone (SQLite), it owns every instance; on
// PostgreSQL it joins the cluster, which says which instances it owns, and it hears the other nodes'
// signals (with a sweep of the tables every few seconds, since a signal is only a hint).

import type { Logger } from 'pino';
import { ClusterNode, type ClusterNodeOptions } from './cluster/cluster-node.js';
import type { ClusterStore } from './cluster/cluster-store.js';
import { soloOwnership, type Ownership } from './cluster/ownership.js';
import type { SignalTopic } from './cluster/signals.js';
import type { Config } from './config/config.js';
import { sha256Hex } from './core/ids.js';
import { StartupError } from './core/startup-error.js';
import type { Stores } from './store/stores.js';

export interface MembershipDeps {
  config: Config;
  node: string;
  stores: Stores;
  logger: Logger;
  onError: (error: unknown, context: string) => void;
  /** This node owns the instance now: open its session, send and push for it. */
  onAcquired: (idInstance: number) => Promise<void>;
  /** Another node owns these now (or will): stop, let sends in flight end, close the sessions. */
  onLost: (idInstances: number[]) => Promise<void>;
  onSignal: (topic: SignalTopic, idInstances: readonly number[]) => void;
  /** A hint that an instance may have queued work. */
  wake: (idInstance: number) => void;
}

export function createMembership(deps: MembershipDeps) {
  const { config, stores, onError } = deps;
  const secretHash = config.clusterSecret ? sha256Hex(config.clusterSecret) : '';
  const cluster = stores.cluster
    ? new ClusterNode(
        {
          store: stores.cluster,
          nodeId: deps.node,
          secretHash,
          monotonicNow: () => performance.now(),
          onAcquired: async (owned) => {
            for (const { idInstance } of owned) await deps.onAcquired(idInstance);
          },
          onLost: deps.onLost,
          announce: () => stores.signals.send('cluster', 0),
          onError,
          log: (message, fields) => deps.logger.info(fields, `cluster: ${message}`),
        },
        clusterTiming(config),
      )
    : null;
  const ownership: Ownership = cluster ?? soloOwnership;
  const lookForQueuedWork = () =>
    void stores.queue.waitingMessageCounts().then((waiting) => [...waiting.keys()].forEach(deps.wake), (e) => onError(e, 'queue sweep'));
  stores.signals.subscribe((topic, ids) => {
    if (topic === 'instances' || topic === 'cluster' || topic === 'resync') cluster?.poke();
    if (topic === 'resync') lookForQueuedWork();
    deps.onSignal(topic, ids);
  });
  let queueSweep: NodeJS.Timeout | null = null;

  return {
    ownership,
    /** Whether this node holds its cluster lease (null when it is not in a cluster). */
    leaseHeld: (): boolean | null => (cluster ? cluster.healthy() : null),
    async start(listenUrl: string | undefined): Promise<void> {
      await stores.signals.start();
      if (!cluster) return;
      await joinCluster(cluster, stores.cluster!, { config, secretHash, listenUrl });
      queueSweep = setInterval(lookForQueuedWork, 5_000);
    },
    /** Hands this node's instances over (their sends in flight end first) and leaves the cluster. */
    async stop(): Promise<void> {
      if (queueSweep) clearInterval(queueSweep);
      await cluster?.stop();
    },
  };
}

/**
 * Joins the cluster on this database: refused when a live node has another secret (or this one has none
 * and another node is live), since nodes that cannot call each other cannot share instances.
 */
async function joinCluster(
  cluster: ClusterNode,
  store: ClusterStore,
  { config, secretHash, listenUrl }: { config: Config; secretHash: string; listenUrl: string | undefined },
): Promise<void> {
  const others = (await store.listNodes()).filter((n) => n.live);
  if (others.length > 0 && !config.clusterSecret) {
    throw new StartupError(
      `another Waypost node is live on this database (${others[0]!.url}): set the same WAYPOST_CLUSTER_SECRET on every node to run them as a cluster`,
    );
  }
  const stranger = others.find((n) => n.secretHash !== secretHash);
  if (stranger) throw new StartupError(`the node at ${stranger.url} on this database has another WAYPOST_CLUSTER_SECRET: give every node the same one`);
  await cluster.start(config.nodeUrl ?? listenUrl ?? '');
}

function clusterTiming(config: Pick<Config, 'clusterLeaseMs'>): ClusterNodeOptions {
  return { leaseMs: config.clusterLeaseMs, renewMs: Math.max(100, Math.round(config.clusterLeaseMs / 5)), tickMs: 1_000 };
}

// The cluster's tables on PostgreSQL. A node's liveness lock is a session advisory lock (namespace,
// node number) on a connection of its own: PostgreSQL drops it the moment that connection ends, which
// `kill -9` of the node does. Lease times are the database's clock, never a node's.

import pg from 'pg';
import type { ClusterNodeRow, ClusterStore, InstanceOwner, NodeRegistration, OwnedInstance } from '../../cluster/cluster-store.js';
import { discardClient, inTransaction } from './postgres-transaction.js';

/** The first key of every liveness lock (the second is the node's number). */
const lockNamespace = 7700;

/** Nodes whose lease runs and whose liveness lock is held, in this database. */
const liveNodes = `
  SELECT n.node_id, n.url FROM cluster_nodes n
   WHERE n.lease_until > now()
     AND EXISTS (
       SELECT 1 FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = ${lockNamespace}::oid AND l.objid = n.node_number::oid)`;

interface NodeRow {
  node_id: string;
  url: string;
  secret_hash: string;
  started_at: Date;
  lease_until: Date;
  live: boolean;
  instances: number;
}

export class PostgresClusterStore implements ClusterStore {
  private lockClient: pg.Client | null = null;
  private lockHeld = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
  ) {}

  async join(node: NodeRegistration): Promise<void> {
    // Rows of nodes gone for an hour are history no one needs (`waypost cluster` shows the recent ones).
    await this.pool.query(`DELETE FROM cluster_nodes WHERE lease_until < now() - interval '1 hour'`);
    const { rows } = await this.pool.query<{ node_number: number }>(
      `INSERT INTO cluster_nodes (node_id, url, secret_hash, lease_until) VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (node_id) DO UPDATE SET url = excluded.url, lease_until = excluded.lease_until, renewed_at = now()
       RETURNING node_number`,
      [node.nodeId, node.url, node.secretHash, node.leaseMs],
    );
    await this.takeLivenessLock(rows[0]!.node_number);
  }

  private async takeLivenessLock(nodeNumber: number): Promise<void> {
    if (this.lockHeld) return;
    discardClient(this.lockClient);
    const client = new pg.Client({ connectionString: this.connectionString });
    // Only the current lock connection speaks for the lock (an old one ending late must not).
    const lost = () => {
      if (this.lockClient === client) this.lockHeld = false;
    };
    client.on('error', lost);
    client.on('end', lost);
    this.lockClient = client;
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [lockNamespace, nodeNumber]);
    if (!rows[0]?.locked) throw new Error(`the liveness lock of node number ${nodeNumber} is held by another connection`);
    this.lockHeld = true;
  }

  async renewLease(nodeId: string, leaseMs: number): Promise<boolean> {
    if (!this.lockHeld) return false;
    const { rowCount } = await this.pool.query(
      `UPDATE cluster_nodes SET lease_until = now() + $2 * interval '1 millisecond', renewed_at = now() WHERE node_id = $1`,
      [nodeId, leaseMs],
    );
    return (rowCount ?? 0) > 0 && this.lockHeld;
  }

  async leave(nodeId: string): Promise<void> {
    await this.pool.query('UPDATE instance_owners SET node_id = NULL, since = now() WHERE node_id = $1', [nodeId]);
    await this.pool.query('DELETE FROM cluster_nodes WHERE node_id = $1', [nodeId]);
    await this.close();
  }

  async listNodes(): Promise<ClusterNodeRow[]> {
    const { rows } = await this.pool.query<NodeRow>(
      `WITH live AS (${liveNodes})
       SELECT n.*, EXISTS (SELECT 1 FROM live WHERE live.node_id = n.node_id) AS live,
              (SELECT count(*)::int FROM instance_owners o JOIN instances i USING (id_instance)
                WHERE o.node_id = n.node_id AND i.deleted_at IS NULL) AS instances
         FROM cluster_nodes n ORDER BY n.started_at, n.node_id`,
    );
    return rows.map((r) => ({
      nodeId: r.node_id,
      url: r.url,
      secretHash: r.secret_hash,
      startedAt: r.started_at.getTime(),
      leaseUntil: r.lease_until.getTime(),
      live: r.live,
      instances: r.instances,
    }));
  }

  async claimInstances(nodeId: string, max: number): Promise<OwnedInstance[]> {
    if (max <= 0) return [];
    return inTransaction(this.pool, async (client) => {
      // Every live instance has an owner row (the node that claims first adds those of new instances).
      await client.query(
        `INSERT INTO instance_owners (id_instance)
         SELECT id_instance FROM instances WHERE deleted_at IS NULL ON CONFLICT (id_instance) DO NOTHING`,
      );
      const { rows } = await client.query<{ id_instance: number; epoch: number }>(
        `WITH live AS (${liveNodes})
         UPDATE instance_owners o SET node_id = $1, epoch = o.epoch + 1, since = now()
          WHERE o.id_instance IN (
            SELECT c.id_instance FROM instance_owners c JOIN instances i USING (id_instance)
             WHERE i.deleted_at IS NULL
               -- A node that is not live itself (its lock connection lost) claims nothing: after a restart of
               -- the database no lock is held, and the first node back must not take everything.
               AND $1 IN (SELECT node_id FROM live)
               AND (c.node_id IS NULL OR c.node_id NOT IN (SELECT node_id FROM live))
             ORDER BY c.id_instance LIMIT $2
             FOR UPDATE OF c SKIP LOCKED)
         RETURNING o.id_instance, o.epoch`,
        [nodeId, max],
      );
      return rows.map((r) => ({ idInstance: r.id_instance, epoch: r.epoch })).sort((a, b) => a.idInstance - b.idInstance);
    });
  }

  async ownedInstances(nodeId: string): Promise<OwnedInstance[]> {
    const { rows } = await this.pool.query<{ id_instance: number; epoch: number }>(
      `SELECT o.id_instance, o.epoch FROM instance_owners o JOIN instances i USING (id_instance)
        WHERE o.node_id = $1 AND i.deleted_at IS NULL ORDER BY o.id_instance`,
      [nodeId],
    );
    return rows.map((r) => ({ idInstance: r.id_instance, epoch: r.epoch }));
  }

  async liveOwners(): Promise<Map<number, InstanceOwner>> {
    const { rows } = await this.pool.query<{ id_instance: number; node_id: string; url: string }>(
      `WITH live AS (${liveNodes})
       SELECT o.id_instance, live.node_id, live.url FROM instance_owners o JOIN live ON live.node_id = o.node_id`,
    );
    return new Map(rows.map((r) => [r.id_instance, { nodeId: r.node_id, url: r.url }]));
  }

  async counts(): Promise<{ instances: number; liveNodes: number }> {
    const { rows } = await this.pool.query<{ instances: number; live_nodes: number }>(
      `WITH live AS (${liveNodes})
       SELECT (SELECT count(*)::int FROM instances WHERE deleted_at IS NULL) AS instances,
              (SELECT count(*)::int FROM live) AS live_nodes`,
    );
    return { instances: rows[0]!.instances, liveNodes: rows[0]!.live_nodes };
  }

  async close(): Promise<void> {
    this.lockHeld = false;
    discardClient(this.lockClient);
    this.lockClient = null;
  }
}


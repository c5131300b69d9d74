// The cluster's port: nodes with leases on the database clock, and which live node owns each instance
// in which epoch. A node is live while its lease runs AND its liveness lock is held (the lock goes with
// its database connection, so a killed node is seen gone at once; a frozen one when its lease ends).

export interface NodeRegistration {
  nodeId: string;
  /** Where the other nodes reach this node (forwarded calls). */
  url: string;
  /** A hash of the cluster secret: nodes with different secrets refuse to share a database. */
  secretHash: string;
  leaseMs: number;
}

export interface ClusterNodeRow {
  nodeId: string;
  url: string;
  secretHash: string;
  startedAt: number;
  leaseUntil: number;
  live: boolean;
  instances: number;
}

export interface OwnedInstance {
  idInstance: number;
  epoch: number;
}

export interface InstanceOwner {
  nodeId: string;
  url: string;
}

export interface ClusterStore {
  /**
   * Adds (or renews) this node's row and takes its liveness lock on a connection of its own. Fails when
   * the lock cannot be had (the connection is down).
   */
  join(node: NodeRegistration): Promise<void>;
  /** Extends the lease on the database clock; false when the liveness lock was lost (then join again). */
  renewLease(nodeId: string, leaseMs: number): Promise<boolean>;
  /** Gives every instance of the node up (owner cleared, epoch kept) so others take them at once, and drops
   * the node's row and its liveness lock (after a drain). */
  leave(nodeId: string): Promise<void>;
  /** Every node row with whether it is live and how many instances it owns (`waypost cluster`). */
  listNodes(): Promise<ClusterNodeRow[]>;
  /**
   * Takes up to `max` live instances that have no live owner (never one a live node holds: placement is
   * sticky), each in a new epoch.
   */
  claimInstances(nodeId: string, max: number): Promise<OwnedInstance[]>;
  /** What the table says this node owns, with epochs. */
  ownedInstances(nodeId: string): Promise<OwnedInstance[]>;
  /** The live owner of each owned live instance. */
  liveOwners(): Promise<Map<number, InstanceOwner>>;
  /** Live instances and live nodes (a fair share is the one over the other). */
  counts(): Promise<{ instances: number; liveNodes: number }>;
  close(): Promise<void>;
}

// This node's part in a cluster: it keeps its lease, takes its fair share of the instances nobody live
// holds (placement is sticky: a live node keeps its own), notices what it lost, and hands everything
// over when it stops. It never trusts itself past its lease: when it could not renew within the lease
// (a freeze, a lost database), it drops every instance at once, before the others may take them.

import type { OwnedInstance, ClusterStore, InstanceOwner } from './cluster-store.js';
import type { Ownership, OwnerOf } from './ownership.js';

export interface ClusterNodeDeps {
  store: ClusterStore;
  nodeId: string;
  secretHash: string;
  /** A clock that never jumps (a freeze shows as time passed): performance.now in production. */
  monotonicNow: () => number;
  /** Open the instances' sessions and send for them, in these epochs. */
  onAcquired: (owned: OwnedInstance[]) => Promise<void>;
  /** Stop sending for them and close their sessions (another node has them, or will). */
  onLost: (idInstances: number[]) => Promise<void>;
  /** Tell the other nodes to look at the cluster again (a node joined or handed instances over). */
  announce: () => void;
  onError: (error: unknown, context: string) => void;
  log: (message: string, fields: Record<string, unknown>) => void;
}

export interface ClusterNodeOptions {
  leaseMs: number;
  renewMs: number;
  /** How often ownership is looked at (and at once on a signal). */
  tickMs: number;
}

export class ClusterNode implements Ownership {
  private readonly owned = new Map<number, number>();
  private owners = new Map<number, InstanceOwner>();
  private lastRenewAt = -Infinity;
  /** Claims wait a moment after joining, a whole lease after joining again. */
  private claimOthersAfter = 0;
  private draining = false;
  private stopped = true;
  private timers: NodeJS.Timeout[] = [];
  private ticking: Promise<void> | null = null;
  private tickAgain = false;
  private url = '';

  constructor(
    private readonly deps: ClusterNodeDeps,
    private readonly options: ClusterNodeOptions,
  ) {}

  /** Joins with the URL the other nodes reach this one at. */
  async start(url: string): Promise<void> {
    this.url = url;
    this.stopped = false;
    await this.join(false);
    this.timers.push(setInterval(() => void this.renew(), this.options.renewMs));
    this.timers.push(setInterval(() => this.poke(), this.options.tickMs));
    this.timers.push(setTimeout(() => this.poke(), this.options.renewMs + 10));
    this.deps.announce();
    this.poke();
    await this.ticking;
  }

  /** Hands every instance over (drain), then leaves the cluster. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    // Stop claiming, let the sends in flight end and close the sessions, then give the instances up:
    // the others take them on the signal, with no moment of two nodes sending for one instance.
    this.draining = true;
    while (this.ticking) await this.ticking;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    const handed = [...this.owned.keys()];
    await this.loseLocally(handed);
    await this.deps.store.leave(this.deps.nodeId).catch((e) => this.deps.onError(e, 'cluster: leaving'));
    this.deps.announce();
    this.deps.log('left the cluster, instances handed over', { instances: handed.length });
  }

  ownerOf(idInstance: number): OwnerOf {
    const epoch = this.owned.get(idInstance);
    if (epoch !== undefined) return { kind: 'self', epoch };
    const owner = this.owners.get(idInstance);
    if (!owner || owner.nodeId === this.deps.nodeId) return { kind: 'none' };
    return { kind: 'remote', ...owner };
  }

  /** True while the lease is known held (renewed within its length, on this node's own clock). */
  healthy(): boolean {
    return !this.stopped && this.deps.monotonicNow() - this.lastRenewAt < this.options.leaseMs;
  }

  /** Looks at ownership soon (a signal: a node joined or left, an instance was created or deleted). */
  poke(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = this.tick().finally(() => {
      this.ticking = null;
      if (this.tickAgain) {
        this.tickAgain = false;
        this.poke();
      }
    });
  }

  private async join(rejoin: boolean): Promise<void> {
    const { nodeId, secretHash } = this.deps;
    await this.deps.store.join({ nodeId, url: this.url, secretHash, leaseMs: this.options.leaseMs });
    this.lastRenewAt = this.deps.monotonicNow();
    // Nodes that start together see each other before they claim (so they spread the instances); after a
    // lost connection, the others get a whole lease to renew theirs before any of their instances is taken.
    this.claimOthersAfter = this.lastRenewAt + (rejoin ? this.options.leaseMs : this.options.renewMs);
    if (rejoin) this.deps.log('joined the cluster again', { nodeId });
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    try {
      if (await this.deps.store.renewLease(this.deps.nodeId, this.options.leaseMs)) this.lastRenewAt = this.deps.monotonicNow();
      else await this.join(true);
    } catch (error) {
      this.deps.onError(error, 'cluster: renewing the lease');
    }
    // Every change of what this node holds happens in the tick, one at a time; a lapsed lease is one.
    if (!this.healthy() && this.owned.size > 0) this.poke();
  }

  /** The lease may have run out: others may own these instances now. Drop them all, at once. */
  private async fenceSelf(): Promise<void> {
    const ids = [...this.owned.keys()];
    this.deps.log('lease not renewed in time: dropping every instance', { instances: ids.length });
    await this.loseLocally(ids);
  }

  private async tick(): Promise<void> {
    try {
      if (!this.healthy()) {
        if (this.owned.size > 0) await this.fenceSelf();
        return;
      }
      const table = await this.deps.store.ownedInstances(this.deps.nodeId);
      const inTable = new Map(table.map((o) => [o.idInstance, o.epoch]));
      const lost = [...this.owned].filter(([id, epoch]) => inTable.get(id) !== epoch).map(([id]) => id);
      if (lost.length > 0) await this.loseLocally(lost);
      const kept = table.filter((o) => !this.owned.has(o.idInstance));
      if (kept.length > 0) await this.acquire(kept);
      if (!this.draining) await this.claimShare();
      this.owners = await this.deps.store.liveOwners();
    } catch (error) {
      this.deps.onError(error, 'cluster: looking at ownership');
    }
  }

  private async claimShare(): Promise<void> {
    const { instances, liveNodes } = await this.deps.store.counts();
    const share = Math.ceil(instances / Math.max(1, liveNodes));
    const wanted = share - this.owned.size;
    if (wanted <= 0 || this.deps.monotonicNow() < this.claimOthersAfter) return;
    const claimed = await this.deps.store.claimInstances(this.deps.nodeId, wanted);
    if (claimed.length > 0) await this.acquire(claimed);
  }

  private async acquire(owned: OwnedInstance[]): Promise<void> {
    // One held here in another epoch is let go first: its sends must not go on under the old epoch.
    const stale = owned.filter((o) => this.owned.has(o.idInstance) && this.owned.get(o.idInstance) !== o.epoch);
    if (stale.length > 0) await this.loseLocally(stale.map((o) => o.idInstance));
    for (const o of owned) this.owned.set(o.idInstance, o.epoch);
    this.deps.log('took instances', { instances: owned.map((o) => o.idInstance) });
    await this.deps.onAcquired(owned);
  }

  private async loseLocally(ids: number[]): Promise<void> {
    for (const id of ids) this.owned.delete(id);
    if (ids.length === 0) return;
    this.deps.log('let instances go', { instances: ids });
    await this.deps.onLost(ids).catch((e) => this.deps.onError(e, 'cluster: closing lost instances'));
  }
}

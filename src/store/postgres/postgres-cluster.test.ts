// Leases, ownership and fencing on a real PostgreSQL: leases are backdated instead of waited for, and
// both interleavings of a take-over against a fenced write are played on two connections.

import assert from 'node:assert/strict';
import pg from 'pg';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { aButtonsMessage, aNewInstance } from '../../testing/builders.js';
import { createTestDatabase, type TestDatabase } from '../../testing/postgres-database.js';
import { waitFor } from '../../testing/wait-for.js';
import { openPostgresStores } from './postgres-stores.js';

type NodeStores = Awaited<ReturnType<typeof openPostgresStores>>;

describe('PostgreSQL cluster: leases, ownership, fencing', () => {
  let database: TestDatabase;
  let a: NodeStores;
  let b: NodeStores;
  let sql: pg.Client;
  const leaseMs = 60_000;

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    a = await openPostgresStores({ url: database.url, poolSize: 3, node: 'node-a' });
    await database.truncate();
    b = await openPostgresStores({ url: database.url, poolSize: 3, node: 'node-b' });
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await a.cluster.join({ nodeId: 'node-a', url: 'http://a', secretHash: 'h', leaseMs });
    await b.cluster.join({ nodeId: 'node-b', url: 'http://b', secretHash: 'h', leaseMs });
  });
  afterEach(async () => {
    await sql.end();
    await a.close();
    await b.close();
  });

  const newInstances = async (n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) ids.push((await a.instances.createInstance(aNewInstance())).idInstance);
    return ids;
  };
  const backdateLease = (node: string) => sql.query(`UPDATE cluster_nodes SET lease_until = now() - interval '1 second' WHERE node_id = $1`, [node]);
  const lockWaits = async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0]!.n;

  it('lists live nodes and claims instances without an owner, each in a new epoch; a live owner keeps its own', async () => {
    const [x, y, z] = await newInstances(3);
    assert.deepEqual(await a.cluster.counts(), { instances: 3, liveNodes: 2 });
    assert.deepEqual(await a.cluster.claimInstances('node-a', 2), [
      { idInstance: x, epoch: 1 },
      { idInstance: y, epoch: 1 },
    ]);
    assert.deepEqual(await b.cluster.claimInstances('node-b', 5), [{ idInstance: z, epoch: 1 }], 'sticky: only the one without owner');
    assert.deepEqual(await a.cluster.ownedInstances('node-a'), [
      { idInstance: x, epoch: 1 },
      { idInstance: y, epoch: 1 },
    ]);
    const owners = await b.cluster.liveOwners();
    assert.deepEqual([owners.get(x!), owners.get(z!)], [{ nodeId: 'node-a', url: 'http://a' }, { nodeId: 'node-b', url: 'http://b' }]);
    const nodes = await a.cluster.listNodes();
    assert.deepEqual(nodes.map((n) => [n.nodeId, n.live, n.instances]), [['node-a', true, 2], ['node-b', true, 1]]);
  });

  it('lets a node that lost its liveness lock claim nothing (the first node back after a database restart)', async () => {
    const [x] = await newInstances(1);
    await b.cluster.claimInstances('node-b', 1);
    await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted`);
    await waitFor(async () => (await a.cluster.counts()).liveNodes === 0, { what: 'no node live' });
    assert.deepEqual(await a.cluster.claimInstances('node-a', 5), []);
    await a.cluster.join({ nodeId: 'node-a', url: 'http://a', secretHash: 'h', leaseMs });
    assert.deepEqual(await a.cluster.claimInstances('node-a', 5), [{ idInstance: x, epoch: 2 }], 'once live again, node-b is the gone one');
  });

  it('takes over the instances of a node whose lease ran out (a frozen node)', async () => {
    const [x] = await newInstances(1);
    await a.cluster.claimInstances('node-a', 1);
    assert.deepEqual(await b.cluster.claimInstances('node-b', 1), []);
    await backdateLease('node-a');
    assert.equal((await b.cluster.liveOwners()).has(x!), false, 'no live owner');
    assert.deepEqual(await b.cluster.claimInstances('node-b', 1), [{ idInstance: x, epoch: 2 }]);
    assert.deepEqual(await a.cluster.ownedInstances('node-a'), []);
  });

  it('sees a killed node gone at once: its liveness lock went with its connection', async () => {
    const [x] = await newInstances(1);
    await a.cluster.claimInstances('node-a', 1);
    await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = (SELECT node_number FROM cluster_nodes WHERE node_id = 'node-a')::oid`,
    );
    await waitFor(async () => !(await b.cluster.listNodes()).find((n) => n.nodeId === 'node-a')?.live, { what: 'node-a to be seen gone' });
    assert.deepEqual(await b.cluster.claimInstances('node-b', 1), [{ idInstance: x, epoch: 2 }]);
    assert.equal(await a.cluster.renewLease('node-a', leaseMs), false, 'the killed connection is noticed on renewal');
  });

  it('lets the instances of a node that left be claimed at once, in a new epoch', async () => {
    const [x, y] = await newInstances(2);
    await a.cluster.claimInstances('node-a', 2);
    assert.deepEqual(await b.cluster.claimInstances('node-b', 5), [], 'node-a is live');
    await a.cluster.leave('node-a');
    assert.deepEqual(await b.cluster.counts(), { instances: 2, liveNodes: 1 });
    assert.deepEqual(await b.cluster.claimInstances('node-b', 5), [{ idInstance: x, epoch: 2 }, { idInstance: y, epoch: 2 }]);
    assert.deepEqual((await b.cluster.listNodes()).map((n) => n.nodeId), ['node-b']);
  });

  it('fences every owner-only write of a node that lost the instance', async () => {
    const [x] = await newInstances(1);
    await a.cluster.claimInstances('node-a', 1);
    const message = aButtonsMessage(x!);
    await a.queue.enqueueMessages([message]);
    await backdateLease('node-a');
    await b.cluster.claimInstances('node-b', 1);
    // node-a, back from a freeze, still thinks it owns x in epoch 1:
    assert.deepEqual(await a.queue.claimNextMessages([{ idInstance: x!, epoch: 1 }], { node: 'node-a', now: 1 }), []);
    await a.notifications.appendNotifications([{ idInstance: x!, typeWebhook: 'stateInstanceChanged', body: {}, createdAt: 1 }]);
    assert.equal(await a.notifications.headNotification(x!), undefined);
    await a.instances.updateInstance(x!, { state: 'authorized', transportAuth: 'stale' });
    assert.equal((await a.instances.getInstance(x!))?.transportAuth, null);
    await a.transportKeys.set(x!, [{ type: 'session', id: '1', value: 'stale' }]);
    assert.deepEqual(await b.transportKeys.get(x!, 'session', ['1']), new Map());
    const end = { status: 'expired' as const, at: 2, description: 'expired' };
    assert.deepEqual(await a.queue.expireMessages(Date.UTC(2030, 0, 1), 'node-a', end), [], 'expiry is the owner`s');
    // ...while node-b, the owner in epoch 2, writes:
    assert.equal((await b.queue.claimNextMessages([{ idInstance: x!, epoch: 2 }], { node: 'node-b', now: 1 }))[0]?.idMessage, message.idMessage);
    await b.instances.updateInstance(x!, { state: 'authorized' });
    assert.equal((await b.instances.getInstance(x!))?.state, 'authorized');
    await a.instances.updateInstance(x!, { settings: { ...aNewInstance().settings, delaySendMessagesMilliseconds: 900 } });
    assert.equal((await b.instances.getInstance(x!))?.settings.delaySendMessagesMilliseconds, 900, 'settings are anyone`s to write');
  });

  it('a take-over passes over an instance with a fenced write in flight, which commits as the owner`s; the next one takes it', async () => {
    const [x] = await newInstances(1);
    await a.cluster.claimInstances('node-a', 1);
    await backdateLease('node-a');
    // node-a's fenced append, by hand: share-lock the owner row, then write.
    await sql.query('BEGIN');
    const owned = await sql.query(`SELECT epoch FROM instance_owners WHERE id_instance = $1 AND node_id = 'node-a' FOR SHARE`, [x]);
    assert.equal(owned.rowCount, 1);
    assert.deepEqual(await b.cluster.claimInstances('node-b', 1), [], 'skipped while the fenced write holds the owner row');
    await sql.query(`INSERT INTO notifications (id_instance, type_webhook, body_json, created_at) VALUES ($1, 'x', '{}', 1)`, [x]);
    await sql.query('COMMIT');
    assert.deepEqual(await b.cluster.claimInstances('node-b', 1), [{ idInstance: x, epoch: 2 }]);
    assert.equal((await b.notifications.headNotification(x!))?.typeWebhook, 'x');
  });

  it('a fenced write that starts during a take-over waits for it, then finds another owner and writes nothing', async () => {
    const [x] = await newInstances(1);
    await a.cluster.claimInstances('node-a', 1);
    // node-b's take-over, by hand, held open:
    await sql.query('BEGIN');
    await sql.query(`UPDATE instance_owners SET node_id = 'node-b', epoch = epoch + 1 WHERE id_instance = $1`, [x]);
    const append = a.notifications.appendNotifications([{ idInstance: x!, typeWebhook: 'late', body: {}, createdAt: 1 }]);
    await waitFor(async () => (await lockWaits()) > 0, { what: 'the fenced write to wait for the take-over' });
    await sql.query('COMMIT');
    await append;
    assert.equal(await b.notifications.headNotification(x!), undefined);
  });
});

// 5. Cluster on PostgreSQL: failover time, accept throughput on PostgreSQL against SQLite, and dispatch
// with 1, 2 and 3 nodes. Every node is a real `waypost serve` process; the sandbox runs as its own process;
// PostgreSQL is the local server (each part makes a database of its own and drops it).
//  - failover: 2 nodes, one linked instance with its queue kept full; kill -9 the owner, time to the first
//    send by the new owner (the sandbox's own receive time), restart a node; repeated. Goal: p99 <= 5 s.
//  - accept: the accept benchmark's body and load (autocannon, 64 connections) against one node on SQLite
//    and one on PostgreSQL, in the same run; reported as the PostgreSQL/SQLite ratio.
//  - dispatch: 2,000 linked instances × 10 queued, 500 ms delay, sends/s and pacing error from the recorded
//    send times, with 1, 2 and 3 nodes started together (they share this machine's cores).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStores } from '../dist/store/postgres/postgres-stores.js';
import { defaultSettings } from '../dist/instances/settings.js';
import { newApiToken, newMessageId } from '../dist/core/ids.js';
import { body, load } from './accept.mjs';
import { percentile, sleep, startChild, stopChild, tempDir } from './lib.mjs';

const server = process.env.WAYPOST_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const secret = 'bench-cluster-secret-0123456789';
const listening = /is listening on (\S+)/;

async function admin(sql) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function newDatabase() {
  const name = `waypost_bench_${Math.random().toString(16).slice(2, 10)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function query(url, sql, values = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** BENCH_PROFILE=dir: the nodes write V8 CPU profiles there (read them with bench/profile-top.mjs). */
const profiling = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
const startSandbox = (dataDir) => startChild(['bin/waypost.js', 'sandbox', '--port', '0', '--data-dir', dataDir], /listening on (\S+)/);
const startNode = (db, sandboxUrl, extra = {}) =>
  startChild([...profiling, 'bin/waypost.js', 'serve', '--port', '0', '--data-dir', tempDir('cluster-node'), '--log-level', 'error'], listening, {
    WAYPOST_DATABASE_URL: db.url,
    WAYPOST_SANDBOX_URL: sandboxUrl,
    WAYPOST_CLUSTER_SECRET: secret,
    ...extra,
  });

async function post(url, payload) {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  return response.json();
}

async function runFailover(kills) {
  const db = await newDatabase();
  const sandbox = await startSandbox(tempDir('failover-sb'));
  const sandboxUrl = sandbox.match[1];
  const nodes = [await startNode(db, sandboxUrl)];
  // The first node on an empty database prints its first instance once it is made.
  while (!nodes[0].output().includes('apiTokenInstance')) await sleep(50);
  const [, id] = /idInstance\s+(\d+)/.exec(nodes[0].output());
  const [, token] = /apiTokenInstance\s+([0-9a-f]{50})/.exec(nodes[0].output());
  nodes.push(await startNode(db, sandboxUrl));
  const api = (node, method) => `${node.match[1]}/waInstance${id}/${method}/${token}`;
  let code;
  while (!code) code = (await post(api(nodes[0], 'getAuthorizationCode'), { phoneNumber: 79995000001 }).catch(() => ({}))).code ?? (await sleep(100));
  await post(`${sandboxUrl}/sandbox/link`, { phone: '79995000001', code });
  const inbox = async () => (await fetch(`${sandboxUrl}/sandbox/phones/79995000002/messages`)).json();
  let feeding = true;
  const feeder = (async () => {
    for (let n = 0; feeding; n++) {
      const live = nodes.filter((node) => node.child.exitCode === null && node.child.signalCode === null);
      await post(api(live[n % live.length], 'sendMessage'), { chatId: '79995000002@c.us', message: `m${n}` }).catch(() => {});
      await sleep(150);
    }
  })();
  while ((await inbox()).length < 3) await sleep(100);
  const times = [];
  for (let i = 0; i < kills; i++) {
    const [owner] = await query(db.url, 'SELECT n.url FROM instance_owners o JOIN cluster_nodes n USING (node_id) WHERE o.id_instance = $1', [id]);
    const victim = nodes.find((node) => node.match[1] === owner?.url && node.child.exitCode === null);
    if (!victim) {
      await sleep(200);
      i--;
      continue;
    }
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    let resumed;
    while (!resumed && Date.now() - killedAt < 30_000) {
      resumed = (await inbox()).find((m) => Date.parse(m.receivedAt) > killedAt);
      if (!resumed) await sleep(50);
    }
    times.push(resumed ? Date.parse(resumed.receivedAt) - killedAt : Infinity);
    nodes.splice(nodes.indexOf(victim), 1, await startNode(db, sandboxUrl));
    await sleep(1_500);
  }
  feeding = false;
  await feeder;
  for (const node of nodes) await stopChild(node.child, 'SIGKILL');
  await stopChild(sandbox.child);
  await db.drop();
  return times;
}

async function acceptOn(args, env) {
  const node = await startChild(['bin/waypost.js', 'serve', '--port', '0', '--data-dir', tempDir('cluster-accept'), '--log-level', 'warn', ...args], /apiTokenInstance\s+([0-9a-f]{50})[\s\S]*?apiUrl\s+(\S+)/, env);
  const id = /idInstance\s+(\d+)/.exec(node.output())[1];
  const url = `${node.match[2]}/waInstance${id}/sendButtons/${node.match[1]}`;
  await load(url, 2);
  const result = await load(url, 10);
  await stopChild(node.child);
  return result;
}

/** A database with `count` instances linked in a sandbox journal, `each` messages queued per instance. */
async function seedLinked(count, each, delayMs) {
  const db = await newDatabase();
  const stores = await openPostgresStores({ url: db.url });
  const devices = [];
  const ids = [];
  for (let i = 0; i < count; i++) {
    const settings = { ...defaultSettings(), delaySendMessagesMilliseconds: delayMs };
    const instance = await stores.instances.createInstance({ name: `bench ${i}`, apiToken: newApiToken(), createdAt: Date.now(), settings });
    const phone = `7996${String(i).padStart(7, '0')}`;
    const token = `device-${i}`;
    await stores.instances.updateInstance(instance.idInstance, { transportAuth: token, state: 'authorized', wid: `${phone}@c.us` });
    devices.push(JSON.stringify({ op: 'device', device: { token, phone, sessionId: `wa${instance.idInstance}`, linkedAt: Date.now() } }));
    ids.push(instance.idInstance);
  }
  const content = { kind: 'text', text: 'dispatch' };
  for (let round = 0; round < each; round++) {
    await stores.queue.enqueueMessages(
      ids.map((idInstance) => ({ idInstance, idMessage: newMessageId(), chatId: '79990000002@c.us', method: 'sendMessage', requestBody: { chatId: '79990000002@c.us', message: 'dispatch' }, content, acceptedAt: Date.now() })),
    );
  }
  await stores.close();
  const sandboxDir = tempDir('dispatch-sb');
  mkdirSync(sandboxDir, { recursive: true });
  writeFileSync(join(sandboxDir, 'network.jsonl'), devices.join('\n') + '\n');
  return { db, sandboxDir };
}

/** CPU seconds (user + system) a live process has used so far (Linux /proc; clock ticks of 10 ms). */
function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // gone meanwhile
  }
}

/** CPU seconds used so far by every PostgreSQL server process (backends come and go: compare totals). */
function postgresCpuSeconds() {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuSecondsOf(entry);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function runDispatchOn(nodeCount, { instances, each, delayMs }) {
  const { db, sandboxDir } = await seedLinked(instances, each, delayMs);
  const sandbox = await startSandbox(sandboxDir);
  const started = Date.now();
  const postgresAtStart = postgresCpuSeconds();
  const sandboxAtStart = cpuSecondsOf(sandbox.child.pid);
  const nodes = await Promise.all(Array.from({ length: nodeCount }, () => startNode(db, sandbox.match[1])));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [{ n }] = await query(db.url, `SELECT count(*)::int AS n FROM outgoing_messages WHERE status IN ('queued', 'sending')`);
    if (n === 0 || Date.now() > deadline) break;
    await sleep(250);
  }
  const cpu = nodes.reduce((sum, node) => sum + cpuSecondsOf(node.child.pid), 0);
  const sandboxCpu = cpuSecondsOf(sandbox.child.pid) - sandboxAtStart;
  const postgresCpu = postgresCpuSeconds() - postgresAtStart;
  const spread = await query(db.url, 'SELECT node_id, count(*)::int AS n FROM instance_owners GROUP BY node_id');
  const rows = await query(db.url, 'SELECT id_instance, sent_at FROM outgoing_messages WHERE sent_at IS NOT NULL ORDER BY id_instance, sent_at');
  for (const node of nodes) await stopChild(node.child, process.env.BENCH_PROFILE ? 'SIGTERM' : 'SIGKILL');
  await stopChild(sandbox.child);
  await db.drop();
  const times = rows.map((r) => Number(r.sent_at));
  const spanMs = Math.max(...times) - Math.min(...times) + delayMs;
  const errors = [];
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].id_instance === rows[i - 1].id_instance) errors.push(Number(rows[i].sent_at) - Number(rows[i - 1].sent_at) - delayMs);
  }
  const achieved = (rows.length / spanMs) * 1000;
  return {
    nodes: nodeCount,
    sent: rows.length,
    sendsPerSecond: Math.round(achieved),
    percentOfIdeal: Number(((achieved / ((instances * 1000) / delayMs)) * 100).toFixed(1)),
    pacingErrorP50Ms: percentile(errors, 50),
    pacingErrorP99Ms: percentile(errors, 99),
    instancesPerNode: spread.map((s) => s.n).sort((a, b) => b - a).join('/'),
    nodeCpuSeconds: Number(cpu.toFixed(1)),
    sandboxCpuSeconds: Number(sandboxCpu.toFixed(1)),
    postgresCpuSeconds: Number(postgresCpu.toFixed(1)),
    wallSeconds: Math.round((Date.now() - started) / 1000),
  };
}

export async function runCluster({ kills = 12, instances = 2_000, each = 10, delayMs = 500 } = {}) {
  const failover = await runFailover(kills);
  const dbForAccept = await newDatabase();
  const onSqlite = await acceptOn([], {});
  const onPostgres = await acceptOn(['--database-url', dbForAccept.url], {});
  await dbForAccept.drop();
  const dispatch = [];
  for (const nodeCount of [1, 2, 3]) dispatch.push(await runDispatchOn(nodeCount, { instances, each, delayMs }));
  const figures = {
    failoverKills: failover.length,
    failoverP50Ms: percentile(failover, 50),
    failoverP99Ms: percentile(failover, 99),
    failoverMaxMs: Math.max(...failover),
    acceptSqliteRequestsPerSecond: Math.round(onSqlite.requests.average),
    acceptPostgresRequestsPerSecond: Math.round(onPostgres.requests.average),
    acceptPostgresP99Ms: onPostgres.latency.p99,
    acceptPostgresToSqlite: Number((onPostgres.requests.average / onSqlite.requests.average).toFixed(2)),
    acceptPostgresNon2xx: onPostgres.non2xx,
  };
  for (const d of dispatch) {
    figures[`dispatch${d.nodes}Node`] = `${d.sendsPerSecond} sends/s (${d.percentOfIdeal}% of ideal), pacing p50 ${d.pacingErrorP50Ms} / p99 ${d.pacingErrorP99Ms} ms, instances ${d.instancesPerNode}, CPU s: nodes ${d.nodeCpuSeconds}, sandbox ${d.sandboxCpuSeconds}, PostgreSQL ${d.postgresCpuSeconds}, over ${d.wallSeconds} s`;
  }
  return {
    name: 'cluster',
    figures,
    goal: 'failover (kill -9 of the owner to the first send by the new owner) p99 <= 5 s',
    met: percentile(failover, 99) <= 5_000,
  };
}

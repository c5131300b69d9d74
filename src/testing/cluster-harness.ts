// A cluster of real `waypost serve` processes on a PostgreSQL database of their own, reaching one
// standalone sandbox (the "WhatsApp" that outlives node kills), for end-to-end and reliability tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg, { type QueryResultRow } from 'pg';
import { createTestDatabase, type TestDatabase } from './postgres-database.js';
import { http, runWaypost, spawnWaypost, type RunningWaypost } from './spawn-waypost.js';

export const clusterSecret = 'cluster-secret-for-tests-0123456789';

export interface ClusterHarness {
  database: TestDatabase;
  sandbox: RunningWaypost;
  nodes: (RunningWaypost | undefined)[];
  startNode(index: number, extraEnv?: Record<string, string>): Promise<RunningWaypost>;
  clusterStatus(): Promise<any>;
  /** The URL of the node that owns the instance now, from the database (undefined: none). */
  ownerUrl(idInstance: number): Promise<string | undefined>;
  tempDir(prefix: string): string;
  /** Rows of outgoing messages and their instances' owners, for a failure's message. */
  describeMessages(ids: string[]): Promise<unknown[]>;
  inbox(phone: string): Promise<any[]>;
  close(): Promise<void>;
}

export async function startClusterHarness(options: { leaseMs: number; env?: Record<string, string> }): Promise<ClusterHarness> {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const database = await createTestDatabase();
  const sandbox = await spawnWaypost(['sandbox', '--port', '0', '--data-dir', tempDir('waypost-cluster-sb-')]);
  const nodes: (RunningWaypost | undefined)[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    WAYPOST_DATABASE_URL: database.url,
    WAYPOST_SANDBOX_URL: sandbox.url,
    WAYPOST_CLUSTER_SECRET: clusterSecret,
    WAYPOST_CLUSTER_LEASE: `${options.leaseMs}ms`,
    WAYPOST_PARTNER_TOKEN: 'partner-token-for-tests',
    ...options.env,
    ...extra,
  });
  async function query<T>(text: string, values: unknown[]): Promise<T[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }
  return {
    database,
    sandbox,
    nodes,
    async startNode(index, extraEnv) {
      const node = await spawnWaypost(['serve', '--port', '0', '--data-dir', tempDir('waypost-cluster-node-')], env(extraEnv));
      nodes[index] = node;
      return node;
    },
    async clusterStatus() {
      const run = await runWaypost(['cluster', '--database-url', database.url]);
      return JSON.parse(run.output);
    },
    async ownerUrl(idInstance) {
      const rows = await query<{ url: string }>(
        'SELECT n.url FROM instance_owners o JOIN cluster_nodes n USING (node_id) WHERE o.id_instance = $1',
        [idInstance],
      );
      return rows[0]?.url;
    },
    describeMessages: (ids) =>
      query(
        `SELECT m.id_instance, m.id_message, m.status, m.attempts, m.claimed_by, m.claim_epoch, o.node_id AS owner, o.epoch,
                m.description, m.seq
           FROM outgoing_messages m LEFT JOIN instance_owners o USING (id_instance) WHERE m.id_message = ANY($1::text[])`,
        [ids],
      ),
    tempDir,
    inbox: async (phone) => (await http(`${sandbox.url}/sandbox/phones/${phone}/messages`)).body as any[],
    async close() {
      await Promise.all(nodes.map((node) => node?.stop('SIGKILL')));
      await sandbox.stop();
      await database.drop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// `waypost cluster`: the nodes sharing a PostgreSQL database, whether each is live, how long its lease
// still runs, and how many instances it owns. Read from the database, so it works whichever node is up.

import { pino } from 'pino';
import { createAdminServices } from '../app.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { systemClock } from '../core/clock.js';

export async function clusterCommand(argv: readonly string[]): Promise<void> {
  const config = loadConfig(argv);
  if (config.databaseUrl === null) {
    throw new ConfigError('a cluster lives in PostgreSQL: give its --database-url (or WAYPOST_DATABASE_URL)');
  }
  const admin = await createAdminServices(config, { clock: systemClock, logger: pino({ level: 'error' }) });
  try {
    const nodes = (await admin.cluster?.listNodes()) ?? [];
    const instances = (await admin.instances.list()).filter((i) => i.deletedAt === null).length;
    const owned = nodes.filter((n) => n.live).reduce((sum, n) => sum + n.instances, 0);
    const now = Date.now();
    const rows = nodes.map((n) => ({
      node: n.nodeId,
      url: n.url,
      live: n.live,
      lease: n.live ? `${Math.max(0, (n.leaseUntil - now) / 1000).toFixed(1)} s left` : `ended ${Math.round((now - n.leaseUntil) / 1000)} s ago`,
      instances: n.instances,
      since: new Date(n.startedAt).toISOString(),
    }));
    process.stdout.write(
      JSON.stringify({ liveNodes: nodes.filter((n) => n.live).length, instances, withoutLiveOwner: instances - owned, nodes: rows }, null, 2) + '\n',
    );
  } finally {
    await admin.close();
  }
}

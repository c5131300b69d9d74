// `waypost sandbox`: runs the simulated WhatsApp network alone, for gateways started with
// WAYPOST_SANDBOX_URL. Its state is kept in its own data directory.

import { join } from 'node:path';
import { loadSandboxConfig } from '../config/sandbox-config.js';
import { systemClock } from '../core/clock.js';
import { createCliLogger } from './log-output.js';
import { createBareApp } from '../http/http-app.js';
import { registerSandboxRoutes, sandboxFileBodyLimit } from '../http/sandbox-routes.js';
import { registerSandboxSessionRoutes } from '../http/sandbox-session-routes.js';
import type { JournalEntry } from '../sandbox/phone-book.js';
import { createFileJournal } from '../sandbox/network-journal.js';
import { SandboxNetwork } from '../sandbox/sandbox-network.js';

export async function sandboxCommand(argv: readonly string[]): Promise<void> {
  const config = loadSandboxConfig(argv);
  const logger = createCliLogger('info');
  const journal = createFileJournal<JournalEntry>(join(config.dataDir, 'network.jsonl'), (error) =>
    logger.warn({ err: String(error) }, 'cannot write the sandbox state file (a full disk?): the changes are kept and tried again every second'),
  );
  const network = new SandboxNetwork({ clock: systemClock, journal });
  // Sends carry files as base64 (up to 100 MB each).
  const app = createBareApp(logger, sandboxFileBodyLimit);
  registerSandboxRoutes(app, network);
  registerSandboxSessionRoutes(app, network);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(`Waypost sandbox is listening on http://${config.host}:${port} (state in ${config.dataDir})\n`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

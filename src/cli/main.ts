#!/usr/bin/env node
// The `waypost` command: serve (default), sandbox, instance.

import { ConfigError } from '../config/config.js';
import { StartupError } from '../core/startup-error.js';
import { clusterCommand } from './cluster-command.js';
import { instanceCommand } from './instance-command.js';
import { sandboxCommand } from './sandbox-command.js';
import { serveCommand } from './serve-command.js';

const usage = `usage:
  waypost serve [--host H] [--port P] [--data-dir D] [...]   run the gateway (see README for every option)
  waypost sandbox [--host H] [--port P] [--data-dir D]       run the WhatsApp sandbox alone
  waypost instance create [--name N] | list | delete <id>    manage instances in the data directory (or database)
  waypost cluster --database-url URL                         the nodes of a cluster, their leases and instances
`;

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'serve') return serveCommand(rest);
  if (command === 'sandbox') return sandboxCommand(rest);
  if (command === 'instance') return instanceCommand(rest);
  if (command === 'cluster') return clusterCommand(rest);
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return;
  }
  throw new ConfigError(`unknown command "${command}"\n${usage}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof StartupError) {
    process.stderr.write(`waypost: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`waypost: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

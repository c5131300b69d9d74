// Configuration of a standalone sandbox (`waypost sandbox`): where it listens and keeps its state.

import { ConfigError, parsePort } from './config.js';

export interface SandboxConfig {
  host: string;
  port: number;
  dataDir: string;
}

export function loadSandboxConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!['--host', '--port', '--data-dir'].includes(arg)) {
      throw new ConfigError(`unknown option ${arg} (known: --host, --port, --data-dir)`);
    }
    const value = argv[++i];
    if (value === undefined) throw new ConfigError(`${arg} needs a value`);
    flags.set(arg, value);
  }
  const port = flags.has('--port')
    ? { value: flags.get('--port') as string, from: '--port' }
    : { value: env.WAYPOST_SANDBOX_PORT ?? '7800', from: 'WAYPOST_SANDBOX_PORT' };
  return {
    host: flags.get('--host') ?? env.WAYPOST_SANDBOX_HOST ?? '127.0.0.1',
    port: parsePort(port),
    dataDir: flags.get('--data-dir') ?? env.WAYPOST_SANDBOX_DATA_DIR ?? './sandbox-data',
  };
}

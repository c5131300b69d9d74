// The gateway's configuration: read from flags and environment variables (flags win), validated once at
// start with a message naming the setting. The only module that reads process.env.

import { StartupError } from '../core/startup-error.js';
import { methodNames } from '../http/methods/index.js';
import { greenApiRateLimits, type RateLimits } from '../http/rate-limiter.js';
import { transportNameOf, transportNames, type TransportName } from '../instances/settings.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL's URL (postgres://...); null: SQLite in the data directory. */
  databaseUrl: string | null;
  /** Shared by the nodes of a cluster (on PostgreSQL) to authenticate their calls to each other. */
  clusterSecret: string | null;
  /** How the other nodes reach this one; null: the address it listens on. */
  nodeUrl: string | null;
  /** How long a node's lease lasts: a frozen node's instances are taken over after it. */
  clusterLeaseMs: number;
  /** Unset: generated on first start and kept in the data directory. */
  partnerToken: string | null;
  retentionMs: number;
  /** Lower-case method names answered with 403 Forbidden. */
  disabledMethods: ReadonlySet<string>;
  /** A standalone sandbox to reach; unset: the sandbox runs inside the gateway. */
  sandboxUrl: string | null;
  /** The transport of instances created without one. */
  transport: TransportName;
  /** Where WhatsApp Web is reached; unset: WhatsApp's own endpoint (set for tests against a loopback server). */
  whatsappWsUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  /** How long a webhook receiver has to answer before the delivery counts as failed. */
  webhookTimeoutMs: number;
  /** The longest wait between two tries of the same notification. */
  webhookMaxBackoffMs: number;
  /** Per-instance requests per second by class of method; null: no limits. */
  rateLimits: RateLimits | null;
  /** Where clients reach the gateway: file links start with it; null: the address it listens on. */
  publicUrl: string | null;
  /** The largest file sent or received (uploads, fetched URLs, received files). */
  fileLimitBytes: number;
  /** How long fetching a file to send from its URL may take. */
  fileFetchTimeoutMs: number;
}

export class ConfigError extends StartupError {}

/** The URL a client on this machine reaches a gateway listening on host:port at (any-address: loopback). */
export function listenUrlOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

interface Setting {
  env: string;
  flag: string;
  description: string;
  fallback: string | null;
}

export const settings = {
  host: { env: 'WAYPOST_HOST', flag: '--host', description: 'address to listen on', fallback: '127.0.0.1' },
  port: { env: 'WAYPOST_PORT', flag: '--port', description: 'port to listen on', fallback: '7700' },
  dataDir: { env: 'WAYPOST_DATA_DIR', flag: '--data-dir', description: 'where the database and secrets live', fallback: './data' },
  databaseUrl: { env: 'WAYPOST_DATABASE_URL', flag: '--database-url', description: 'PostgreSQL URL (postgres://user@host/db); unset: SQLite in the data directory', fallback: null },
  clusterSecret: { env: 'WAYPOST_CLUSTER_SECRET', flag: '--cluster-secret', description: 'secret shared by the nodes of a cluster (16+ characters)', fallback: null },
  clusterLease: { env: 'WAYPOST_CLUSTER_LEASE', flag: '--cluster-lease', description: 'how long a node of a cluster holds its instances without renewing', fallback: '5s' },
  nodeUrl: { env: 'WAYPOST_NODE_URL', flag: '--node-url', description: 'URL the other nodes reach this one at (default: the listen address)', fallback: null },
  partnerToken: { env: 'WAYPOST_PARTNER_TOKEN', flag: '--partner-token', description: 'secret of the partner API', fallback: null },
  retention: { env: 'WAYPOST_MESSAGE_RETENTION', flag: '--message-retention', description: 'how long a queued message may wait (e.g. 24h, 90m, 3600s)', fallback: '24h' },
  disabledMethods: { env: 'WAYPOST_DISABLED_METHODS', flag: '--disabled-methods', description: 'comma-separated methods answered 403', fallback: '' },
  sandboxUrl: { env: 'WAYPOST_SANDBOX_URL', flag: '--sandbox-url', description: 'URL of a standalone sandbox', fallback: null },
  transport: { env: 'WAYPOST_TRANSPORT', flag: '--transport', description: 'transport of new instances: sandbox or whatsapp-web', fallback: 'sandbox' },
  whatsappWsUrl: { env: 'WAYPOST_WHATSAPP_WS_URL', flag: '--whatsapp-ws-url', description: "WhatsApp Web's WebSocket URL (tests)", fallback: null },
  logLevel: { env: 'WAYPOST_LOG_LEVEL', flag: '--log-level', description: 'fatal, error, warn, info, debug, trace or silent', fallback: 'info' },
  bodyLimit: { env: 'WAYPOST_BODY_LIMIT_BYTES', flag: '--body-limit-bytes', description: 'largest request body accepted', fallback: '1048576' },
  webhookTimeout: { env: 'WAYPOST_WEBHOOK_TIMEOUT', flag: '--webhook-timeout', description: 'time a webhook receiver has to answer', fallback: '10s' },
  rateLimits: { env: 'WAYPOST_RATE_LIMITS', flag: '--rate-limits', description: 'off, greenapi, or send=50,receive=100,account=1,qr=3', fallback: 'off' },
  webhookMaxBackoff: { env: 'WAYPOST_WEBHOOK_MAX_BACKOFF', flag: '--webhook-max-backoff', description: 'longest wait between webhook retries', fallback: '60s' },
  publicUrl: { env: 'WAYPOST_PUBLIC_URL', flag: '--public-url', description: 'URL clients reach the gateway at, for file links (default: the listen address)', fallback: null },
  fileLimit: { env: 'WAYPOST_FILE_LIMIT_MB', flag: '--file-limit-mb', description: 'largest file sent or received, in MB', fallback: '100' },
  fileFetchTimeout: { env: 'WAYPOST_FILE_FETCH_TIMEOUT', flag: '--file-fetch-timeout', description: 'time to fetch a file to send from its URL', fallback: '60s' },
} satisfies Record<string, Setting>;

type Source = (setting: Setting) => string | null;

/** Parses `--name value` and `--name=value` flags; unknown flags are refused. */
export function flagSource(argv: readonly string[]): Source {
  const known = new Set(Object.values(settings).map((s) => s.flag));
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!known.has(flag)) throw new ConfigError(`unknown option ${flag} (known: ${[...known].join(', ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`${flag} needs a value`);
    values.set(flag, value);
  }
  return (setting) => values.get(setting.flag) ?? null;
}

export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Config {
  const flags = flagSource(argv);
  const read = (setting: Setting): { value: string | null; from: string } => {
    const fromFlag = flags(setting);
    if (fromFlag !== null) return { value: fromFlag, from: setting.flag };
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, from: setting.env };
    return { value: setting.fallback, from: setting.env };
  };
  return {
    host: read(settings.host).value as string,
    port: parsePort(read(settings.port)),
    dataDir: read(settings.dataDir).value as string,
    databaseUrl: parseDatabaseUrl(read(settings.databaseUrl)),
    clusterSecret: parseSecret(read(settings.clusterSecret)),
    nodeUrl: parseUrl(read(settings.nodeUrl), httpUrl)?.replace(/\/+$/, '') ?? null,
    clusterLeaseMs: parseDuration(read(settings.clusterLease), { minMs: 1_000, maxMs: 300_000 }),
    partnerToken: parseSecret(read(settings.partnerToken)),
    retentionMs: parseDuration(read(settings.retention), { minMs: 1_000, maxMs: 30 * 86_400_000 }),
    disabledMethods: parseMethods(read(settings.disabledMethods)),
    sandboxUrl: parseUrl(read(settings.sandboxUrl), httpUrl)?.replace(/\/+$/, '') ?? null,
    transport: parseTransport(read(settings.transport)),
    whatsappWsUrl: parseUrl(read(settings.whatsappWsUrl), webSocketUrl),
    logLevel: parseLogLevel(read(settings.logLevel)),
    bodyLimitBytes: parseBodyLimit(read(settings.bodyLimit)),
    webhookTimeoutMs: parseDuration(read(settings.webhookTimeout), { minMs: 100, maxMs: 300_000 }),
    webhookMaxBackoffMs: parseDuration(read(settings.webhookMaxBackoff), { minMs: 100, maxMs: 3_600_000 }),
    rateLimits: parseRateLimits(read(settings.rateLimits)),
    publicUrl: parseUrl(read(settings.publicUrl), httpUrl)?.replace(/\/+$/, '') ?? null,
    fileLimitBytes: parseFileLimit(read(settings.fileLimit)),
    fileFetchTimeoutMs: parseDuration(read(settings.fileFetchTimeout), { minMs: 1_000, maxMs: 600_000 }),
  };
}

type Read = { value: string | null; from: string };

export function parsePort({ value, from }: Read): number {
  const port = Number(value);
  if (!/^\d+$/.test(value ?? '') || port < 0 || port > 65535) {
    throw new ConfigError(`${from} must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}

function parseSecret({ value, from }: Read): string | null {
  if (value === null) return null;
  if (value.length < 16) throw new ConfigError(`${from} must be at least 16 characters long`);
  return value;
}

function parseDuration({ value, from }: Read, bounds: { minMs: number; maxMs: number }): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec((value ?? '').trim());
  const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (!match) throw new ConfigError(`${from} must be a duration like 24h, 90m, 3600s or 500ms, not "${value}"`);
  const ms = Math.round(Number(match[1]) * unitMs[(match[2] ?? 's') as keyof typeof unitMs]);
  if (ms < bounds.minMs || ms > bounds.maxMs) {
    throw new ConfigError(`${from} must be between ${bounds.minMs} ms and ${bounds.maxMs} ms, not "${value}"`);
  }
  return ms;
}

function parseMethods({ value, from }: Read): ReadonlySet<string> {
  const names = (value ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  const known = new Map(methodNames.map((n) => [n.toLowerCase(), n]));
  for (const name of names) {
    if (!known.has(name.toLowerCase())) {
      throw new ConfigError(`${from}: "${name}" is not a method (methods: ${methodNames.join(', ')})`);
    }
  }
  return new Set(names.map((n) => n.toLowerCase()));
}

/** A URL of one of the given protocols, or null when unset. */
function parseUrl({ value, from }: Read, kind: { name: string; protocols: string[]; example: string }): string | null {
  if (value === null) return null;
  try {
    if (!kind.protocols.includes(new URL(value).protocol)) throw new Error('wrong protocol');
    return value;
  } catch {
    throw new ConfigError(`${from} must be ${kind.name} like ${kind.example}, not "${value}"`);
  }
}

/** A PostgreSQL URL; never echoed in the message, since it may carry a password. */
function parseDatabaseUrl({ value, from }: Read): string | null {
  if (value === null) return null;
  let protocol = '';
  try {
    protocol = new URL(value).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(`${from} must be a PostgreSQL URL like postgres://waypost@127.0.0.1:5432/waypost`);
  }
  return value;
}

const httpUrl = { name: 'an http URL', protocols: ['http:', 'https:'], example: 'http://127.0.0.1:7800' };
const webSocketUrl = { name: 'a WebSocket URL', protocols: ['ws:', 'wss:'], example: 'ws://127.0.0.1:7900/ws/chat' };

function parseTransport({ value, from }: Read): TransportName {
  const name = transportNameOf(value);
  if (!name) throw new ConfigError(`${from} must be one of ${transportNames.join(', ')}, not "${value}"`);
  return name;
}

function parseLogLevel({ value, from }: Read): Config['logLevel'] {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const level = levels.find((l) => l === value);
  if (!level) throw new ConfigError(`${from} must be one of ${levels.join(', ')}, not "${value}"`);
  return level;
}

function parseBodyLimit({ value, from }: Read): number {
  const bytes = Number(value);
  if (!/^\d+$/.test(value ?? '') || bytes < 1024 || bytes > 100 * 1024 * 1024) {
    throw new ConfigError(`${from} must be a number of bytes from 1024 to 104857600`);
  }
  return bytes;
}

function parseFileLimit({ value, from }: Read): number {
  const megabytes = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value ?? '') || megabytes < 0.001 || megabytes > 1024) {
    throw new ConfigError(`${from} must be a number of megabytes from 0.001 to 1024, not "${value}"`);
  }
  return Math.round(megabytes * 1024 * 1024);
}

/** "off", "greenapi" (GREEN-API's published limits), or some classes set: "send=20,qr=1" (others as GREEN-API). */
function parseRateLimits({ value, from }: Read): RateLimits | null {
  const text = (value ?? 'off').trim();
  if (text === 'off') return null;
  if (text === 'greenapi') return { ...greenApiRateLimits };
  const limits = { ...greenApiRateLimits };
  for (const part of text.split(',')) {
    const match = /^\s*(send|receive|account|qr)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match || Number(match[2]) <= 0) {
      throw new ConfigError(`${from} must be off, greenapi, or like send=50,receive=100,account=1,qr=3, not "${value}"`);
    }
    limits[match[1] as keyof RateLimits] = Number(match[2]);
  }
  return limits;
}

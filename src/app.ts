// The composition root: builds every part from a validated Config and hands each only what it needs.
// Nothing else imports a concrete store or transport.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from './core/clock.js';
import { createEventHub } from './core/event-hub.js';
import { newApiToken, newNodeId } from './core/ids.js';
import { soloOwnership } from './cluster/ownership.js';
import { chatAliasesOf } from './transports/chat-aliases.js';
import { readReachoutLock } from './transports/reachout-lock.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { checkReadiness } from './observability/readiness.js';
import type { WaSocketFactory } from './transports/whatsapp-web/wa-socket.js';
import { createMembership } from './app-membership.js';
import { createHttpOwnerCalls } from './http/cluster-routes.js';
import { listenUrlOf, type Config } from './config/config.js';
import { buildHttpApp } from './http/http-app.js';
import { createRateLimiter } from './http/rate-limiter.js';
import { createInstanceService, type InstanceService } from './instances/instance-service.js';
import type { InstanceStore } from './instances/instance-store.js';
import type { MessageStatusEvent } from './messages/message-events.js';
import type { MessageStore } from './messages/message-store.js';
import { createMessageService, type MessageService } from './messages/message-service.js';
import { Dispatcher } from './queue/dispatcher.js';
import type { ConsoleEvent } from './console/console-feed.js';
import { createConsoleSessions } from './console/console-sessions.js';
import { createPerKeyChain } from './core/per-key-chain.js';
import { createFileService } from './files/file-service.js';
import { keepIncomingFile } from './files/incoming-files.js';
import type { JournalEntry } from './sandbox/phone-book.js';
import { createFileJournal } from './sandbox/network-journal.js';
import { SandboxNetwork } from './sandbox/sandbox-network.js';
import type { SandboxSessionApi } from './sandbox/sandbox-types.js';
import { lockDataDirectory } from './store/sqlite/sqlite-lock.js';
import { createSqliteStores } from './store/sqlite/sqlite-stores.js';
import type { Stores } from './store/stores.js';
import { createOfflineTransport } from './transports/offline/offline-transport.js';
import { createRemoteSandboxSession } from './transports/sandbox/remote-sandbox-session.js';
import { createSandboxTransport } from './transports/sandbox/sandbox-transport.js';
import type { Transport, TransportKeyStore } from './transports/transport.js';
import { storeBackedAuth } from './transports/store-backed-auth.js';
import { createTransportRouter } from './transports/transport-router.js';
import type { TransportName } from './instances/settings.js';
import type { GatewayEvent } from './notifications/gateway-event.js';
import { createNotificationService, type NotificationService } from './notifications/notification-service.js';
import { fetchWebhookPost, WebhookPusher } from './notifications/webhook-pusher.js';
import { createJournalService } from './messages/journal-service.js';
import { createReadMarks } from './messages/read-marks.js';
import { createReplyInterpreter, type ReplyInterpreter } from './messages/reply-interpreter.js';

export type { GatewayEvent };

export interface Gateway {
  http: FastifyInstance;
  stores: Stores;
  instances: InstanceService;
  messages: MessageService;
  notifications: NotificationService;
  events: ReturnType<typeof createEventHub<GatewayEvent>>;
  /** Each new QR a transport offers for linking an instance (WhatsApp Web; `serve` prints the first's). */
  qrCodes: ReturnType<typeof createEventHub<{ idInstance: number; qr: string }>>;
  partnerToken: { value: string; generated: boolean };
  /** A one-time code for the console's sign-in link (`/console/sign-in?code=...`). */
  consoleSignInCode(): string;
  /** The embedded sandbox network, when there is one. */
  sandbox: SandboxNetwork | null;
  start(options?: GatewayStartOptions): Promise<void>;
  stop(): Promise<void>;
}

export interface GatewayStartOptions {
  /** The address this node listens on (the other nodes of a cluster call it there, unless WAYPOST_NODE_URL says otherwise). */
  listenUrl?: string;
}

export interface GatewayDeps {
  logger: Logger;
  clock: Clock;
  /** The stores to use; unset: opened from the config (PostgreSQL at its URL, else SQLite in the data directory). */
  stores?: Stores;
  /** WhatsApp Web's sockets; unset: real baileys. Tests put a fake of WhatsApp's servers here. */
  waSocketFactory?: WaSocketFactory;
}

export async function createGateway(config: Config, deps: GatewayDeps): Promise<Gateway> {
  const { logger, clock } = deps;
  mkdirSync(config.dataDir, { recursive: true });
  // One gateway per SQLite data directory: a second one is refused at once (several share PostgreSQL).
  const lock = deps.stores || config.databaseUrl !== null ? null : lockDataDirectory(config.dataDir);
  const node = newNodeId();
  const onError = (error: unknown, context = 'background work') =>
    logger.error({ err: { message: (error as Error)?.message, stack: (error as Error)?.stack } }, context);
  const stores =
    deps.stores ??
    (await openStores(config, { node, onError: (e) => onError(e, 'database') }).catch((error) => {
      lock?.release();
      throw error;
    }));
  const { instances: instanceStore, notifications: notificationStore, journal: journalStore, transportKeys, signals } = stores;
  const partnerToken = resolvePartnerToken(config);
  const events = createEventHub<GatewayEvent>((e) => onError(e, 'event listener'));
  const consoleFeed = createEventHub<ConsoleEvent>((e) => onError(e, 'console feed'));
  const consoleSessions = createConsoleSessions(partnerToken.value, clock);
  const metrics = createMetrics({
    waitingMessages: () => stores.queue.waitingMessageCounts(),
    waitingNotifications: () => notificationStore.notificationCounts(),
    instances: async () => (await instanceStore.listInstances()).filter((i) => i.deletedAt === null),
  });
  let started = false;

  const sandbox = config.sandboxUrl ? null : createEmbeddedSandbox(config.dataDir, clock, logger);
  const network: SandboxSessionApi = sandbox ?? createRemoteSandboxSession(config.sandboxUrl as string);
  const sandboxTransport = createSandboxTransport({
    network,
    authStore: storeBackedAuth(instanceStore),
    clock,
    onError: (e) => logger.debug({ err: String(e) }, 'sandbox transport'),
    onWarning: (idInstance, message) => logger.warn({ idInstance }, message),
  });
  const transport = createTransportRouter<TransportName>({
    transports: {
      sandbox: async () => sandboxTransport,
      'whatsapp-web': () =>
        loadWhatsAppWebTransport(config, { ...deps, instances: instanceStore, keys: transportKeys, messages: stores.messages, metrics }),
    },
    transportOf: async (id) => (await instanceStore.getInstance(id))?.settings.transport ?? config.transport,
    onError,
  });
  const readMarks = createReadMarks({ journal: journalStore, transport, getInstance: (id) => instances.get(id) });
  const withReadMarks = (interpreter: ReplyInterpreter): ReplyInterpreter => ({
    async interpret(idInstance, message) {
      const record = await interpreter.interpret(idInstance, message);
      if (record) readMarks.onIncoming(record).catch((e) => onError(e, 'read marks'));
      return record;
    },
  });
  events.subscribe((event) => {
    if (event.type !== 'messageStatus') return;
    metrics.status(event.event.idInstance, event.event.status);
    if (event.event.status === 'sent') readMarks.onSent(event.event.idInstance, event.event.chatId).catch((e) => onError(e, 'read marks'));
  });

  const journal = createJournalService({
    messages: stores.messages,
    journal: journalStore,
    clock,
    chatAliases: (id, chatId) => chatAliasesOf(transportKeys, id, chatId),
  });
  // Statuses reach the bot after the store recorded them; receipts that overtook their send wait for it.
  const statusRecorded = (event: MessageStatusEvent) => {
    events.publish({ type: 'messageStatus', event });
    messages.statusRecorded(event).catch((e) => onError(e, 'early receipts'));
  };
  // Until start is told the address bound (port 0 picks one), the configured one.
  let listenUrl = listenUrlOf(config.host, config.port);
  const files = createFileService(
    {
      store: stores.files,
      clock,
      publicUrl: () => config.publicUrl ?? listenUrl,
      onDropped: (count) => logger.info({ count }, 'files older than the retention were dropped'),
      onError,
    },
    { maxBytes: config.fileLimitBytes, fetchTimeoutMs: config.fileFetchTimeoutMs, retentionMs: config.retentionMs, sweepMs: 60_000 },
  );
  const dispatcher = new Dispatcher(
    { queue: stores.queue, node, transport, clock, files, onStatus: statusRecorded, onError, onLag: metrics.pacingLag },
    { retentionMs: config.retentionMs, expirySweepMs: 60_000 },
  );
  const messages = createMessageService({
    queue: stores.queue,
    messages: stores.messages,
    clock,
    requireQuotable: journal.requireQuotable,
    // The instance's owner may be another node: it hears of the new work by signal.
    wake: (id) => signals.send('queue', id),
    onStatus: (event) => events.publish({ type: 'messageStatus', event }),
    onAccepted: metrics.accepted,
  });
  const pusher = new WebhookPusher(
    {
      notifications: notificationStore,
      getInstance: (id) => instances.get(id),
      post: fetchWebhookPost,
      owns: (id) => ownership.ownerOf(id).kind === 'self',
      clock,
      onError,
      onDelivered: (idInstance) => metrics.webhookDelivery(idInstance, 'delivered'),
      onFailure: (idInstance, receiptId, reason, retryInMs) => {
        metrics.webhookDelivery(idInstance, 'failed');
        logger.warn({ idInstance, receiptId, reason, retryInMs }, 'webhook delivery failed; will retry the same notification');
      },
    },
    { timeoutMs: config.webhookTimeoutMs, baseBackoffMs: Math.min(1_000, config.webhookMaxBackoffMs), maxBackoffMs: config.webhookMaxBackoffMs },
  );
  const notifications = createNotificationService(
    {
      notifications: notificationStore,
      getInstance: (id) => instances.get(id),
      replies: withReadMarks(createReplyInterpreter({ instances: instanceStore, messages: stores.messages, journal: journalStore, clock })),
      clock,
      onAppended: (id) => {
        pusher.wake(id);
        signals.send('notifications', id);
      },
      onPollingAWebhookInstance: onceEach((idInstance) =>
        logger.warn({ idInstance }, 'instance polled, but its notifications go to its webhookUrl: polls answer null (set webhookUrl to "" to poll)'),
      ),
      onDropped: (idInstance, count) =>
        logger.warn({ idInstance, count }, 'notifications older than the retention were dropped undelivered'),
      onCommitted: (committed) => {
        for (const n of committed) consoleFeed.publish({ kind: 'notification', idInstance: n.idInstance, typeWebhook: n.typeWebhook, body: n.body });
      },
      onError,
    },
    { retentionMs: config.retentionMs, sweepMs: 60_000 },
  );
  events.subscribe((event) => notifications.publish(event));

  const instances = createInstanceService({
    store: instanceStore,
    transport,
    clock,
    defaultTransport: config.transport,
    lanes: dispatcher,
    ownership: { ownerOf: (id) => ownership.ownerOf(id) },
    ...(config.clusterSecret ? { ownerCalls: createHttpOwnerCalls(config.clusterSecret) } : {}),
    onCreated: (instance) => signals.send('instances', instance.idInstance),
    clearQueue: (id) => messages.clearQueue(id),
    readChat: (instance, chatId, upTo) => readMarks.readChat(instance, chatId, upTo),
    reachoutLock: (id) => readReachoutLock(transportKeys, id, clock.now()),
    onError,
    onStateChanged: (instance) => {
      logger.info({ idInstance: instance.idInstance, state: instance.state }, 'instance state changed');
      events.publish({ type: 'stateChanged', instance });
    },
    onSettingsChanged: (instance) => {
      pusher.wake(instance.idInstance);
      signals.send('instances', instance.idInstance);
    },
  });

  // A received file is kept before its notification, and the messages after it wait their turn.
  const incomingInOrder = createPerKeyChain<number>((e) => onError(e, 'incoming message'));
  const qrCodes = createEventHub<{ idInstance: number; qr: string }>((e) => onError(e, 'qr listener'));
  qrCodes.subscribe(({ idInstance }) => consoleFeed.publish({ kind: 'qr', idInstance }));
  events.subscribe((event) => {
    if (event.type === 'stateChanged') consoleFeed.publish({ kind: 'state', idInstance: event.instance.idInstance, state: event.instance.state });
  });
  transport.subscribe((event) => {
    if (event.type === 'state') void instances.onStateChanged(event.idInstance, event.state, event.wid);
    else if (event.type === 'receipt') messages.applyReceipt(event).catch((e) => onError(e, 'receipt'));
    else if (event.type === 'qr') qrCodes.publish({ idInstance: event.idInstance, qr: event.qr });
    else if (event.type === 'reachoutLock') {
      logger.warn({ idInstance: event.idInstance, reachoutTimeLock: event.lock }, 'WhatsApp reach-out time lock changed');
      events.publish({ type: 'reachoutLockChanged', idInstance: event.idInstance, lock: event.lock });
    }
    else incomingInOrder(event.idInstance, async () => {
      const message = await keepIncomingFile(files, event.idInstance, event.message, {
        readTimeoutMs: config.fileFetchTimeoutMs,
        onUnkept: (reason) => logger.warn({ idInstance: event.idInstance }, reason),
      });
      events.publish({ type: 'incomingMessage', idInstance: event.idInstance, message });
    });
  });

  const http = buildHttpApp({
    logger,
    instances,
    messages,
    notifications,
    journal,
    files,
    partnerToken: partnerToken.value,
    disabledMethods: config.disabledMethods,
    bodyLimitBytes: config.bodyLimitBytes,
    ...(config.rateLimits ? { rateLimiter: createRateLimiter(config.rateLimits, clock) } : {}),
    ...(sandbox ? { sandbox } : {}),
    ...(config.clusterSecret ? { clusterSecret: config.clusterSecret } : {}),
    console: { sessions: consoleSessions, partnerToken: partnerToken.value, sandbox: sandbox !== null, subscribe: consoleFeed.subscribe },
    operator: {
      readiness: () => checkReadiness({ started: () => started, pingStore: () => stores.ping(), leaseHeld: () => membership.leaseHeld() }),
      metrics,
    },
  });

  // Without a cluster this node owns every instance; in one, the cluster says which.
  const membership = createMembership({
    config,
    node,
    stores,
    logger,
    onError,
    onAcquired: async (idInstance) => {
      await instances.adopt(idInstance);
      pusher.wake(idInstance);
    },
    onLost: async (ids) => {
      await Promise.all(ids.map((id) => dispatcher.release(id)));
      for (const id of ids) {
        pusher.forget(id);
        await instances.release(id);
      }
    },
    onSignal: (topic, ids) => {
      if (topic === 'queue') ids.forEach((id) => dispatcher.wake(id));
      else if (topic === 'notifications') notifications.appendedElsewhere(ids);
      else if (topic === 'instances') instances.invalidate(ids);
      else if (topic === 'resync') notifications.wakeAllPolls();
    },
    wake: (id) => dispatcher.wake(id),
  });
  const { ownership } = membership;

  return {
    http,
    stores,
    instances,
    messages,
    notifications,
    events,
    qrCodes,
    partnerToken,
    consoleSignInCode: () => consoleSessions.newSignInCode(),
    sandbox,
    async start(options = {}) {
      if (options.listenUrl) listenUrl = options.listenUrl;
      await membership.start(options.listenUrl);
      files.start();
      notifications.start();
      await pusher.start();
      await dispatcher.start();
      await instances.start();
      started = true;
    },
    async stop() {
      started = false;
      // Answer waiting polls first, so closing the server does not wait on them.
      await notifications.stop();
      // Hand this node's instances over (their sends in flight end first) while the others can still be told.
      await membership.stop();
      await http.close();
      await dispatcher.stop();
      await instances.stop();
      await messages.flushed();
      await notifications.flushed();
      await pusher.stop();
      files.stop();
      await incomingInOrder.idle();
      await stores.close();
      lock?.release();
    },
  };
}

/** The instance services alone, for admin commands: the store, and a transport that never connects. */
export async function createAdminServices(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'transport'>, deps: GatewayDeps) {
  mkdirSync(config.dataDir, { recursive: true });
  const stores = deps.stores ?? (await openStores(config));
  const instances = createInstanceService({
    store: stores.instances,
    transport: createOfflineTransport(storeBackedAuth(stores.instances), stores.transportKeys),
    clock: deps.clock,
    defaultTransport: config.transport,
    lanes: { track: () => {}, forget: () => {} },
    // The admin commands hold no connection: they act on the records (a serving node picks changes up).
    ownership: soloOwnership,
    clearQueue: async () => 0,
    onError: (error, context) => deps.logger.error({ err: String(error) }, context),
  });
  return { instances, cluster: stores.cluster, close: () => stores.close() };
}

/** PostgreSQL when a database URL is set (its driver loaded only then), else SQLite in the data directory. */
async function openStores(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  options: { node?: string; onError?: (error: unknown) => void } = {},
): Promise<Stores> {
  if (config.databaseUrl === null) return createSqliteStores({ path: join(config.dataDir, 'waypost.sqlite') });
  const { openPostgresStores } = await import('./store/postgres/postgres-stores.js');
  return openPostgresStores({ url: config.databaseUrl, ...options });
}

/** Calls `act` the first time each instance comes, never again (a warning a loop would repeat). */
function onceEach(act: (idInstance: number) => void): (idInstance: number) => void {
  const seen = new Set<number>();
  return (idInstance) => {
    if (seen.has(idInstance) || seen.size > 100_000) return;
    seen.add(idInstance);
    act(idInstance);
  };
}

/** WhatsApp Web (and baileys with it) is loaded only when an instance first uses it. */
async function loadWhatsAppWebTransport(
  config: Pick<Config, 'whatsappWsUrl'>,
  deps: GatewayDeps & { instances: InstanceStore; keys: TransportKeyStore; messages: MessageStore; metrics: Metrics },
): Promise<Transport> {
  const { createWhatsAppWebTransport } = await import('./transports/whatsapp-web/whatsapp-web-transport.js');
  const { createBaileysSocketFactory } = await import('./transports/whatsapp-web/baileys-socket.js');
  const { logger, clock } = deps;
  return createWhatsAppWebTransport({
    createSocket:
      deps.waSocketFactory ?? createBaileysSocketFactory({ logger: logger.child({}, { level: 'warn' }), webSocketUrl: config.whatsappWsUrl }),
    auth: { creds: storeBackedAuth(deps.instances), keys: deps.keys },
    clock,
    onError: (e) => logger.debug({ err: String(e) }, 'whatsapp-web transport'),
    onWarning: (idInstance, message) => logger.warn({ idInstance }, message),
    onUnmapped: countUnmapped(logger, deps.metrics),
    pollOf: async (idInstance, pollId) => {
      const poll = (await deps.messages.getMessage(idInstance, pollId))?.content.poll;
      return poll ? { secret: poll.secret, options: poll.options } : null;
    },
  });
}

/** Incoming kinds without a GREEN-API shape, counted per kind and logged (debug) as they arrive. */
function countUnmapped(logger: Logger, metrics: Metrics): (idInstance: number, kind: string) => void {
  const counts = new Map<string, number>();
  return (idInstance, kind) => {
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    metrics.unsupportedIncoming(kind);
    logger.debug({ idInstance, kind, count }, 'incoming WhatsApp message of a kind without a GREEN-API shape: reported as unsupportedMessage');
  };
}

function createEmbeddedSandbox(dataDir: string, clock: Clock, logger: Logger): SandboxNetwork {
  const journal = createFileJournal<JournalEntry>(join(dataDir, 'sandbox', 'network.jsonl'), (error) =>
    logger.warn({ err: String(error) }, 'the sandbox cannot write its state file (a full disk?): it keeps the changes and tries again every second'),
  );
  return new SandboxNetwork({ clock, journal });
}

/** The configured partner token, or the one generated on first start and kept in the data directory. */
function resolvePartnerToken(config: Config): { value: string; generated: boolean } {
  if (config.partnerToken) return { value: config.partnerToken, generated: false };
  const file = join(config.dataDir, 'partner-token');
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), generated: false };
  const value = newApiToken();
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return { value, generated: true };
}

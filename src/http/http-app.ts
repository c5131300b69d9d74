// Builds the HTTP application (not listening): body parsing, error answers, redacted access logs, and
// the route groups. Tests drive it through inject(); the server module makes it listen.

import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { isWaypostError } from '../core/errors.js';
import type { InstanceService } from '../instances/instance-service.js';
import type { JournalService } from '../messages/journal-service.js';
import type { MessageService } from '../messages/message-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { SandboxNetwork } from '../sandbox/sandbox-network.js';
import { registerClusterRoutes } from './cluster-routes.js';
import { registerConsoleRoutes, type ConsoleRoutesDeps } from './console-routes.js';
import { errorBody, httpStatusOf } from './error-mapping.js';
import type { FileService } from '../files/file-service.js';
import { registerFileRoutes } from './file-routes.js';
import { parseJsonBody } from './json-body.js';
import { registerInstanceRoutes } from './instance-routes.js';
import { registerDocsRoutes } from './docs-routes.js';
import { registerOperatorRoutes, type OperatorRoutesDeps } from './operator-routes.js';
import { registerPartnerRoutes } from './partner-routes.js';
import type { RateLimiter } from './rate-limiter.js';
import { redactPath } from './redact.js';
import { registerSandboxRoutes } from './sandbox-routes.js';

export interface HttpAppDeps {
  logger: Logger;
  instances: InstanceService;
  messages: MessageService;
  notifications: NotificationService;
  journal: JournalService;
  files: FileService;
  partnerToken: string;
  disabledMethods: ReadonlySet<string>;
  /** The embedded sandbox, whose control API then shares the gateway's port. */
  sandbox?: SandboxNetwork;
  bodyLimitBytes: number;
  rateLimiter?: RateLimiter;
  /** In a cluster: the secret that authenticates node-to-node calls. */
  clusterSecret?: string;
  /** Health, readiness and metrics for operators. */
  operator?: OperatorRoutesDeps;
  /** The console at /console. */
  console?: ConsoleRoutesDeps;
}

export function buildHttpApp(deps: HttpAppDeps): FastifyInstance {
  const app = createBareApp(deps.logger, deps.bodyLimitBytes);
  registerInstanceRoutes(app, { ...deps, fileLimitBytes: deps.files.maxBytes });
  registerFileRoutes(app, deps.files);
  registerPartnerRoutes(app, deps);
  if (deps.operator) registerOperatorRoutes(app, deps.operator);
  registerDocsRoutes(app, { sandbox: deps.sandbox !== undefined });
  if (deps.sandbox) registerSandboxRoutes(app, deps.sandbox);
  if (deps.console) registerConsoleRoutes(app, deps.console);
  if (deps.clusterSecret) registerClusterRoutes(app, { instances: deps.instances, clusterSecret: deps.clusterSecret });
  return app;
}

/** A Fastify app with Waypost's parsing, errors and logging, and no routes yet. */
export function createBareApp(logger: Logger, bodyLimitBytes: number): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger,
    // Fastify's own request lines would print URLs with tokens: ours (below) take them out.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: bodyLimitBytes,
    return503OnClosing: true,
    // Fastify's own answers to a badly encoded or overlong URL would echo it, token and all.
    frameworkErrors: (error, request, reply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const message = status === 414 ? 'a part of the URL is too long' : 'the URL is not validly percent-encoded';
      void (reply as FastifyReply).code(status).send(errorBody(status, redactPath(request.raw.url ?? ''), message));
    },
  }) as unknown as FastifyInstance;

  // Bodies are JSON whatever the Content-Type says: curl users often forget the header.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const failed = reply.statusCode >= 500;
    if (!failed && !logger.isLevelEnabled('debug')) return;
    const line = { method: request.method, path: redactPath(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (failed) request.log.warn(line, 'request failed');
    else request.log.debug(line, 'request');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const path = redactPath(request.url);
    if (isWaypostError(error)) {
      const status = httpStatusOf[error.code];
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(status).send(errorBody(status, path, error.message));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorBody(status, path, clientErrorMessage(error)));
    }
    request.log.error({ err: { message: error.message, stack: error.stack }, path }, 'unexpected error');
    return reply.code(500).send(errorBody(500, path, 'internal error'));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = redactPath(request.url);
    reply.code(404).send(errorBody(404, path, `no such endpoint: ${request.method} ${path}`));
  });

  return app;
}

function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'request body does not match its Content-Length';
    default:
      return error.message;
  }
}

// GREEN-API instance methods: /waInstance{idInstance}/{method}/{apiTokenInstance}[/{extra}].
// Checks run in this order: instance (403), token (401), method (404), switched off (403), verb (405),
// then the method validates its own input (400).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationError, WaypostError } from '../core/errors.js';
import type { InstanceService } from '../instances/instance-service.js';
import type { JournalService } from '../messages/journal-service.js';
import type { MessageService } from '../messages/message-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { Instance } from '../instances/instance.js';
import type { ApiMethod, HttpVerb } from './api-method.js';
import type { FileService } from '../files/file-service.js';
import { parseJsonBody } from './json-body.js';
import { findMethod } from './methods/index.js';
import { rateClassOf, type RateLimiter } from './rate-limiter.js';
import { mayBeSecret } from './redact.js';

export interface InstanceRoutesDeps {
  instances: InstanceService;
  messages: MessageService;
  notifications: NotificationService;
  journal: JournalService;
  /** Lower-case names of methods switched off by configuration. */
  disabledMethods: ReadonlySet<string>;
  files: FileService;
  /** Per-instance rate limits, when configured. */
  rateLimiter?: RateLimiter;
  /** The largest JSON body. */
  bodyLimitBytes: number;
  /** The largest file (methods with a raw body take up to this, plus a form's overhead). */
  fileLimitBytes: number;
}

interface InstanceParams {
  idInstance: string;
  method: string;
  token: string;
  extra?: string;
}

/** GREEN-API's archived methods: it answers them 403, and so do we (not 404, which SDKs read otherwise). */
const archivedMethods = new Set(['sendtemplatebuttons', 'sendlistmessage']);

type InstanceRequest = FastifyRequest<{ Params: InstanceParams }>;

export function registerInstanceRoutes(app: FastifyInstance, deps: InstanceRoutesDeps): void {
  const checked = new WeakMap<FastifyRequest, { instance: Instance; method: ApiMethod }>();

  // Runs before the body is read: an unknown method answers 404 whatever its body (multipart, binary,
  // broken JSON), as on GREEN-API, and a refused call never waits for a large upload.
  const check = async (request: InstanceRequest) => {
    const params = request.params;
    const idInstance = parseIdInstance(params.idInstance);
    const instance = await deps.instances.authenticate(idInstance, params.token);
    if (archivedMethods.has(params.method.toLowerCase())) throw new WaypostError('method_disabled', 'Forbidden');
    const method = findMethod(params.method);
    if (!method) {
      const named = mayBeSecret(params.method) ? 'of that name (is the method missing from the URL?)' : `'${params.method}'`;
      throw new WaypostError('unknown_method', `there is no method ${named}`);
    }
    if (deps.disabledMethods.has(method.name.toLowerCase())) throw new WaypostError('method_disabled', 'Forbidden');
    if (request.method !== method.verb) {
      throw new WaypostError('method_not_allowed', `${method.name} is called with ${method.verb}, not ${request.method}`);
    }
    const retryAfterSeconds = deps.rateLimiter?.take(idInstance, method.name) ?? 0;
    if (retryAfterSeconds > 0) {
      throw new WaypostError('rate_limited', `too many ${method.name} requests for this instance (${rateClassOf(method.name)} limit): slow down`, {
        retryAfterSeconds,
      });
    }
    checked.set(request, { instance, method });
  };

  const handler = async (request: InstanceRequest) => {
    const { instance, method } = checked.get(request)!;
    return method.handle(
      { body: request.body, query: request.query as Record<string, unknown>, extra: request.params.extra, headers: request.headers },
      { instance, instances: deps.instances, messages: deps.messages, notifications: deps.notifications, journal: deps.journal, files: deps.files },
    );
  };
  const verbs: HttpVerb[] = ['GET', 'POST', 'DELETE'];
  // A JSON body over its limit is refused before it is read; a file method's may be as large as a file.
  const preParsing = async (request: InstanceRequest, _reply: unknown, payload: unknown) => {
    await check(request);
    const declared = Number(request.headers['content-length'] ?? 0);
    if (!checked.get(request)!.method.rawBody && declared > deps.bodyLimitBytes) throw bodyTooLarge();
    return payload;
  };
  const formOverheadBytes = 64 * 1024;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: Math.max(deps.bodyLimitBytes, deps.fileLimitBytes + formOverheadBytes) }, (request, body, done) => {
      const bytes = body as Buffer;
      if (checked.get(request)?.method.rawBody) return done(null, bytes);
      if (bytes.length > deps.bodyLimitBytes) return done(bodyTooLarge(), undefined);
      try {
        done(null, parseJsonBody(bytes.toString('utf8')));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    scope.route({ method: verbs, url: '/waInstance:idInstance/:method/:token', preParsing, handler });
    scope.route({ method: verbs, url: '/waInstance:idInstance/:method/:token/:extra', preParsing, handler });
  });
}

function bodyTooLarge(): Error {
  return Object.assign(new Error('request body is too large'), { statusCode: 413 });
}

function parseIdInstance(value: string): number {
  if (!/^\d{1,10}$/.test(value)) throw validationError("'idInstance' must be an integer of up to 10 digits");
  return Number(value);
}

// The console on the gateway's port: /console (the page and its assets, built from console/ into
// dist/console-ui), sign-in (a one-time link or the partner token) into a signed, HttpOnly, SameSite=Strict
// cookie, the live feed (server-sent events), and the partner API for the signed-in browser (the page
// never holds the partner token). Instance methods the page calls directly, with the token getInstances
// gave it: the console adds no second way to change state.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleEvent } from '../console/console-feed.js';
import type { ConsoleSessions } from '../console/console-sessions.js';
import { WaypostError } from '../core/errors.js';
import { asJsonObject } from '../core/json-object.js';

export interface ConsoleRoutesDeps {
  sessions: ConsoleSessions;
  partnerToken: string;
  /** Whether the sandbox's control API is on this port (the phone view needs it). */
  sandbox: boolean;
  subscribe(listener: (event: ConsoleEvent) => void): () => void;
}

const cookieName = 'waypost_console';
const assetsDir = fileURLToPath(new URL('../../dist/console-ui/', import.meta.url));
const assetTypes: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' };

export function registerConsoleRoutes(app: FastifyInstance, deps: ConsoleRoutesDeps): void {
  const signedIn = (request: FastifyRequest) => deps.sessions.isSignedIn(cookieOf(request, cookieName));
  const startSession = (reply: FastifyReply, session: string, request: FastifyRequest) =>
    reply.header(
      'set-cookie',
      `${cookieName}=${session}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(deps.sessions.sessionLifetimeMs / 1000)}${request.protocol === 'https' ? '; Secure' : ''}`,
    );

  // The page and its assets are static: nothing in them is secret, and they load before signing in.
  app.get('/console', async (_request, reply) => reply.type('text/html; charset=utf-8').headers(pageHeaders).send(page()));
  app.get<{ Params: { name: string } }>('/console/assets/:name', async (request, reply) => {
    const type = assetTypes[request.params.name];
    const path = `${assetsDir}${request.params.name}`;
    if (!type || !existsSync(path)) throw new WaypostError('not_found', 'no such console asset (is the console built? npm run build)');
    return reply.type(type).header('cache-control', 'no-cache').send(readFileSync(path));
  });

  app.get<{ Querystring: { code?: string } }>('/console/sign-in', async (request, reply) => {
    const session = deps.sessions.signInWithCode(String(request.query.code ?? ''));
    if (!session) return reply.redirect('/console?signIn=expired');
    return startSession(reply, session, request).redirect('/console');
  });
  app.post('/console/api/sign-in', async (request, reply) => {
    requireSameOrigin(request);
    const { partnerToken } = asJsonObject(request.body);
    const session = typeof partnerToken === 'string' ? deps.sessions.signInWithPartnerToken(partnerToken) : null;
    if (!session) throw new WaypostError('unauthorized', 'that is not the partner token (WAYPOST_PARTNER_TOKEN, or the one in the data directory)');
    return startSession(reply, session, request).send({ signedIn: true });
  });
  app.post('/console/api/sign-out', async (request, reply) => {
    requireSameOrigin(request);
    return reply.header('set-cookie', `${cookieName}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`).send({ signedIn: false });
  });

  // Open feeds end when the server closes (a browser reconnects to whichever node answers next).
  const streams = new Set<import('node:http').ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  // Everything below needs a session; a call that changes state also proves it comes from the page.
  app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      if (!signedIn(request)) throw new WaypostError('unauthorized', 'sign in to the console first');
      if (request.method !== 'GET') requireSameOrigin(request);
    });
    scope.get('/console/api/session', async () => ({ signedIn: true, sandbox: deps.sandbox }));
    scope.route<{ Params: { method: string } }>({
      method: ['GET', 'POST'],
      url: '/console/api/partner/:method',
      handler: async (request, reply) => {
        const answer = await app.inject({
          method: request.method as 'GET' | 'POST',
          url: `/partner/${encodeURIComponent(request.params.method)}/${encodeURIComponent(deps.partnerToken)}`,
          ...(request.body !== undefined ? { payload: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } } : {}),
        });
        return reply.code(answer.statusCode).type('application/json').send(answer.body);
      },
    });
    scope.get('/console/api/events', async (request, reply) => {
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      out.write(': connected\n\n');
      const unsubscribe = deps.subscribe((event) => out.write(`data: ${JSON.stringify(event)}\n\n`));
      const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15_000);
      streams.add(out);
      request.raw.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
        streams.delete(out);
      });
    });
  });
}

/**
 * A state-changing call must come from the console's own page: a custom header (which another site cannot
 * send without a CORS preflight this server never grants) and, when the browser names it, the same origin.
 */
function requireSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  const sameOrigin = origin === undefined || origin === `${request.protocol}://${request.headers.host}`;
  if (request.headers['x-waypost-console'] !== '1' || !sameOrigin) {
    throw new WaypostError('method_disabled', 'this call must come from the console page (cross-site requests are refused)');
  }
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

const pageHeaders = {
  'cache-control': 'no-cache',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
};

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Waypost console</title>
  <link rel="stylesheet" href="/console/assets/app.css">
</head>
<body>
  <div id="app"></div>
  <script type="module" src="/console/assets/app.js"></script>
</body>
</html>
`;
}


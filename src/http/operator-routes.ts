// What operators wire into their monitoring: GET /health (the process answers), GET /ready (it should get
// traffic) and GET /metrics (Prometheus). None takes a token, and none shows one.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import type { Readiness } from '../observability/readiness.js';
import { findMethod } from './methods/index.js';

export interface OperatorRoutesDeps {
  readiness: () => Promise<Readiness>;
  metrics?: Metrics;
}

export function registerOperatorRoutes(app: FastifyInstance, deps: OperatorRoutesDeps): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const readiness = await deps.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });
  const metrics = deps.metrics;
  if (!metrics) return;
  app.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await metrics.scrape();
    return reply.type(contentType).send(text);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequest(requestLabel(request), reply.statusCode);
  });
}

/**
 * A request's label: the API method it called (as the registry names it), or the route it matched. Never
 * the URL itself: it holds tokens, and any text a client sends would become a label.
 */
function requestLabel(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (!route) return 'unmatched';
  if (route.startsWith('/waInstance')) {
    const named = (request.params as { method?: string }).method;
    return findMethod(named ?? '')?.name ?? 'unknown method';
  }
  return `${request.method} ${route}`;
}

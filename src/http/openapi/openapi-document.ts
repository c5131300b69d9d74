// The OpenAPI 3.1 document of the whole HTTP API, generated from each method's own doc (its request
// schema, example and answer) and from the partner and sandbox route docs. Served at /openapi.json.

import type { ApiMethod } from '../api-method.js';
import { apiMethods } from '../methods/index.js';
import { routeDocs, type RouteDoc } from './route-docs.js';
import type { JsonSchema } from './schema-parts.js';

const errorBody: JsonSchema = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, timestamp: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } },
};

const errors = {
  '400': { description: 'Bad input; `message` names the field', content: json(errorBody) },
  '401': { description: 'Wrong apiTokenInstance' },
  '403': { description: 'Unknown instance, or the method is switched off' },
  '429': { description: 'Over the rate limit (Retry-After says when to try again)' },
  '503': { description: 'The database cannot be reached, or the gateway sheds load: retry' },
  '507': { description: 'The disk under the data directory is full' },
};

function json(schema: JsonSchema, example?: unknown) {
  return { 'application/json': { schema, ...(example !== undefined ? { example } : {}) } };
}

function bodyContent(doc: ApiMethod['doc']) {
  return doc.bodyMediaType ? { [doc.bodyMediaType]: { schema: doc.body } } : json(doc.body!, doc.example);
}

const pathParameter = (name: string, schema: JsonSchema, description: string) => ({ name, in: 'path', required: true, schema, description });

function instanceOperation(method: ApiMethod) {
  const { doc } = method;
  const parameters = [
    pathParameter('idInstance', { type: 'integer' }, 'The instance'),
    pathParameter('apiTokenInstance', { type: 'string' }, "The instance's token"),
    ...(doc.extra ? [pathParameter(doc.extra.name, doc.extra.schema, 'After the token')] : []),
    ...Object.entries(doc.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
  ];
  return {
    operationId: method.name,
    tags: ['instance'],
    summary: doc.summary,
    parameters,
    ...(doc.body ? { requestBody: { required: true, content: bodyContent(doc) } } : {}),
    responses: { '200': { description: 'Done', content: json(doc.answer) }, ...errors },
  };
}

function routeOperation(route: RouteDoc) {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  return {
    operationId: `${route.tag}:${route.verb} ${route.path}`,
    tags: [route.tag],
    summary: route.summary,
    parameters: names.map((name) => pathParameter(name, { type: 'string' }, name === 'partnerToken' ? 'The partner token' : name)),
    ...(route.body ? { requestBody: { required: true, content: json(route.body, route.example) } } : {}),
    responses: { '200': { description: 'Done', content: json(route.answer) }, '400': { description: 'Bad input', content: json(errorBody) } },
  };
}

export function buildOpenApiDocument(options: { version: string; sandbox: boolean }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, verb: string, operation: unknown) => {
    paths[path] = { ...(paths[path] ?? {}), [verb.toLowerCase()]: operation };
  };
  for (const method of apiMethods) {
    const extra = method.doc.extra ? `/{${method.doc.extra.name}}` : '';
    add(`/waInstance{idInstance}/${method.name}/{apiTokenInstance}${extra}`, method.verb, instanceOperation(method));
  }
  for (const route of routeDocs) if (route.tag !== 'sandbox' || options.sandbox) add(route.path, route.verb, routeOperation(route));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Waypost',
      version: options.version,
      description:
        'A self-hosted WhatsApp HTTP API gateway, wire-compatible with GREEN-API. Every send is queued and answered at once with its idMessage; its fate and every reply come back as notifications.',
    },
    tags: [
      { name: 'instance', description: "GREEN-API's instance methods" },
      { name: 'partner', description: 'Creating and deleting instances (the partner token)' },
      { name: 'sandbox', description: "The simulated WhatsApp network's control API: virtual phones" },
    ],
    paths,
  };
}

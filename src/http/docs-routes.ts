// The API's description for people and tools: GET /openapi.json (OpenAPI 3.1, generated from the methods'
// own schemas) and GET /docs, Swagger UI to read and try every method, served from the swagger-ui-dist
// package (no CDN: it works with no internet).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './openapi/openapi-document.js';

const require = createRequire(import.meta.url);
const swaggerUiDir = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
const version = (require('../../package.json') as { version: string }).version;

const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Waypost API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
`;

const start = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
`;

export function registerDocsRoutes(app: FastifyInstance, options: { sandbox: boolean }): void {
  const document = buildOpenApiDocument({ version, sandbox: options.sandbox });
  app.get('/openapi.json', async () => document);
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/docs/start.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(start));
  app.get('/docs/assets/:file', async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const type = assets[file];
    if (!type) return reply.code(404).send({ statusCode: 404, message: 'no such asset' });
    return reply.type(type).header('cache-control', 'public, max-age=86400').send(readFileSync(join(swaggerUiDir, file)));
  });
}

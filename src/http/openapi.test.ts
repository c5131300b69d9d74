// The OpenAPI document: valid OpenAPI 3.1 (a well-kept validator says so), complete (every instance
// method, partner method and sandbox route, so a new one without a doc fails here), and true (each example
// passes the method's own validation and its schema; a body missing a required field is refused by both).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import Fastify from 'fastify';
import { apiMethods } from './methods/index.js';
import { routeDocs } from './openapi/route-docs.js';
import { partnerMethodVerbs, registerPartnerRoutes } from './partner-routes.js';
import { registerSandboxRoutes } from './sandbox-routes.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

describe('the OpenAPI document', () => {
  let t: TestGateway;
  let document: any;
  before(async () => {
    t = await startTestGateway();
    document = (await t.request('GET', '/openapi.json')).body;
  });
  after(() => t.close());

  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    assert.equal(document.openapi, '3.1.0');
  });

  it('describes every instance method the gateway answers, with its verb', () => {
    for (const method of apiMethods) {
      const extra = method.doc.extra ? `/{${method.doc.extra.name}}` : '';
      const operation = document.paths[`/waInstance{idInstance}/${method.name}/{apiTokenInstance}${extra}`]?.[method.verb.toLowerCase()];
      assert.ok(operation, `${method.name} is described`);
      assert.ok(operation.summary.length > 10, `${method.name} says what it does`);
    }
  });

  it('describes every partner method and every sandbox route the gateway registers', async () => {
    const documented = new Set(routeDocs.map((r) => `${r.verb} ${r.path}`));
    for (const [name, verb] of Object.entries(partnerMethodVerbs)) {
      assert.ok(documented.has(`${verb} /partner/${name}/{partnerToken}`), `partner ${name}`);
    }
    const app = Fastify();
    const registered: string[] = [];
    app.addHook('onRoute', (route) => {
      for (const verb of [route.method].flat()) if (verb !== 'HEAD') registered.push(`${verb} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    });
    registerPartnerRoutes(app, { instances: t.gateway.instances, partnerToken: 'x' });
    registerSandboxRoutes(app, t.gateway.sandbox!);
    await app.ready();
    const sandboxRoutes = registered.filter((r) => r.includes(' /sandbox/'));
    assert.ok(sandboxRoutes.length >= 9);
    for (const route of sandboxRoutes) assert.ok(documented.has(route), `${route} is described`);
    await app.close();
  });

  it('gives examples that the methods and their schemas accept, and schemas that refuse what the methods refuse', async () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    for (const method of apiMethods.filter((m) => m.doc.body && m.doc.example !== undefined)) {
      const valid = ajv.validate(method.doc.body!, method.doc.example);
      assert.ok(valid, `${method.name}'s example fits its schema: ${ajv.errorsText()}`);
      // The shape passes: a 400 may still say the phone is not linked (as on GREEN-API) or that the example's
      // message does not exist here, never that a field is malformed.
      const answer = await t.call(method.name, { verb: method.verb, body: method.doc.example });
      const said = String(answer.body?.message);
      const namesField = !/names no message/.test(said) && Object.keys(method.doc.example as object).some((field) => said.includes(`'${field}`));
      assert.ok(answer.status !== 400 || !namesField, `${method.name} accepts its example: ${answer.text}`);
      for (const field of (method.doc.body!.required as string[] | undefined) ?? []) {
        const { [field]: _dropped, ...without } = method.doc.example as Record<string, unknown>;
        assert.equal(ajv.validate(method.doc.body!, without), false, `${method.name}'s schema requires ${field}`);
        const refused = await t.call(method.name, { verb: method.verb, body: without });
        assert.equal(refused.status, 400, `${method.name} refuses a body without ${field}`);
      }
    }
  });

  it('serves a page to read and try the API, with its assets, from the gateway itself', async () => {
    const page = await t.request('GET', '/docs');
    assert.equal(page.status, 200);
    assert.match(page.text, /<div id="swagger-ui">/);
    for (const asset of page.text.matchAll(/(?:href|src)="(\/docs\/[^"]+)"/g)) {
      const answer = await t.gateway.http.inject({ method: 'GET', url: asset[1]! });
      assert.equal(answer.statusCode, 200, asset[1]);
      assert.ok(answer.body.length > 50, `${asset[1]} has content`);
    }
  });
});

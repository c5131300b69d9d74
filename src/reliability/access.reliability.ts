// Access: every method with a wrong token, another instance's token and an unknown instance, and the
// partner API with a wrong partner token, each get the contract's answer; no token appears in any log
// line or error body across the whole run.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiMethods } from '../http/methods/index.js';
import type { Instance } from '../instances/instance.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

describe('access control', () => {
  let t: TestGateway;
  let other: Instance;
  const bodies: string[] = [];
  const wrongToken = 'a'.repeat(50);

  before(async () => {
    t = await startTestGateway();
    other = await t.gateway.instances.create({ name: 'other' });
  });
  after(() => t.close());

  for (const method of apiMethods) {
    it(`${method.name}: 401 for a wrong token or another instance's, 403 for an unknown instance`, async () => {
      const extra = method.name === 'deleteNotification' ? '/1' : '';
      const body = method.verb === 'GET' ? undefined : { chatId: '79990000002@c.us' };
      const wrong = await t.call(method.name, { verb: method.verb, token: wrongToken + extra, ...(body ? { body } : {}) });
      const foreign = await t.call(method.name, { verb: method.verb, token: other.apiToken + extra, ...(body ? { body } : {}) });
      const unknown = await t.call(method.name, {
        verb: method.verb,
        instance: { ...t.instance, idInstance: 1999999999 },
        token: t.instance.apiToken + extra,
        ...(body ? { body } : {}),
      });
      assert.deepEqual([wrong.status, foreign.status, unknown.status], [401, 401, 403]);
      bodies.push(wrong.text, foreign.text, unknown.text);
    });
  }

  it('partner API: 401 for a wrong partner token, on every method', async () => {
    for (const [verb, name] of [['POST', 'createInstance'], ['GET', 'getInstances'], ['POST', 'deleteInstanceAccount']] as const) {
      const answer = await t.request(verb, `/partner/${name}/not-the-partner-token`, verb === 'POST' ? {} : undefined);
      assert.equal(answer.status, 401, name);
      bodies.push(answer.text);
    }
  });

  it('no token in any error body or log line of the run', () => {
    const secrets = [t.instance.apiToken, other.apiToken, wrongToken, 'not-the-partner-token', 'partner-token-for-tests'];
    const everything = bodies.join('\n') + '\n' + t.logs.join('\n');
    assert.ok(t.logs.length > apiMethods.length, 'requests were logged');
    for (const secret of secrets) assert.ok(!everything.includes(secret), `a secret leaked: ${secret.slice(0, 6)}…`);
  });
});

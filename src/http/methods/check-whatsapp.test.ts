// checkWhatsapp on the sandbox: what exists, what does not, the cache, and the limit that keeps a bot from
// bulk-checking numbers (a known reason WhatsApp bans accounts).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';

describe('checkWhatsapp', () => {
  let t: TestGateway;
  const check = (phoneNumber: unknown) => t.call('checkWhatsapp', { body: { phoneNumber } });
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('needs a linked phone, and names a bad number', async () => {
    const unlinked = await check(79990000002);
    assert.equal(unlinked.status, 400);
    assert.match(unlinked.body.message, /not authorized/);
    for (const bad of ['+7 999', 'abc', 12, null]) {
      const answer = await check(bad);
      assert.equal(answer.status, 400, String(bad));
      assert.match(answer.body.message, /'phoneNumber'/);
    }
  });

  it('answers whether a number has WhatsApp, and keeps the answer', async () => {
    await t.link('79990000001');
    await t.request('POST', '/sandbox/faults', { noAccount: ['79990000009'] });
    assert.deepEqual((await check(79990000002)).body, { existsWhatsapp: true, chatId: '79990000002@c.us' });
    assert.deepEqual((await check('79990000009')).body, { existsWhatsapp: false });
    await t.request('DELETE', '/sandbox/faults');
    assert.deepEqual((await check(79990000009)).body, { existsWhatsapp: false }, 'kept for a day');
  });

  it('refuses a burst of checks with 429 and Retry-After, cached answers aside', async () => {
    let refused;
    for (let n = 0; n < 25 && !refused; n++) {
      const answer = await check(79991000000 + n);
      if (answer.status !== 200) refused = answer;
    }
    assert.ok(refused, 'the limit was reached');
    assert.equal(refused.status, 429);
    assert.match(refused.body.message, /at most 20 a minute: bulk checks get accounts banned/);
    assert.equal((await check(79990000002)).status, 200, 'a cached answer is still given');
  });
});

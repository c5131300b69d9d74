import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../core/fake-clock.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { createRateLimiter, rateClassOf } from './rate-limiter.js';

describe('rate limits', () => {
  it('classes methods as GREEN-API does', () => {
    assert.equal(rateClassOf('SendButtons'), 'send');
    assert.equal(rateClassOf('receiveNotification'), 'receive');
    assert.equal(rateClassOf('qr'), 'qr');
    assert.equal(rateClassOf('getSettings'), 'account');
  });

  it('lets a burst up to the limit through, then refills over time', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ send: 3, receive: 1, account: 1, qr: 1 }, clock);
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take(1, 'sendMessage')), [0, 0, 0, 1]);
    assert.equal(limiter.take(2, 'sendMessage'), 0, 'per instance');
    assert.equal(limiter.take(1, 'sendButtons'), 0, 'per method');
    await clock.advance(334);
    assert.equal(limiter.take(1, 'sendMessage'), 0);
    assert.equal(limiter.take(1, 'sendMessage'), 1);
  });

  describe('over HTTP', () => {
    let t: TestGateway;
    before(async () => {
      t = await startTestGateway(['--rate-limits', 'account=2']);
    });
    after(() => t.close());

    it('answers 429 with Retry-After past the limit, per method, so getSettings then setSettings passes', async () => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.call('getStateInstance')).status);
      assert.deepEqual(statuses, [200, 200, 429, 429]);
      const limited = await t.gateway.http.inject({ method: 'GET', url: `/waInstance${t.instance.idInstance}/getStateInstance/${t.instance.apiToken}` });
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['retry-after'], '1');
      assert.match(JSON.parse(limited.body).message, /too many getStateInstance requests/);
      assert.equal((await t.call('getSettings')).status, 200, 'another method of the class has its own bucket');
      assert.equal((await t.call('setSettings', { body: { delaySendMessagesMilliseconds: 600 } })).status, 200);
      assert.equal((await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'x' } })).status, 200);
    });
  });
});

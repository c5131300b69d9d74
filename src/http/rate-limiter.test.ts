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
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.tryTake(1, 'send')), [true, true, true, false]);
    assert.equal(limiter.tryTake(2, 'send'), true, 'per instance');
    await clock.advance(334);
    assert.equal(limiter.tryTake(1, 'send'), true);
    assert.equal(limiter.tryTake(1, 'send'), false);
  });

  describe('over HTTP', () => {
    let t: TestGateway;
    before(async () => {
      t = await startTestGateway(['--rate-limits', 'account=2']);
    });
    after(() => t.close());

    it('answers 429 past the limit, and only for that class', async () => {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.call('getStateInstance')).status);
      assert.deepEqual(statuses, [200, 200, 429, 429]);
      const limited = await t.call('getSettings');
      assert.equal(limited.status, 429);
      assert.match(limited.body.message, /too many account requests/);
      assert.equal((await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'x' } })).status, 200);
    });
  });
});

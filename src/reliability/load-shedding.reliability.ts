// Load shedding: with rate limits on, a flood of sends to one instance is answered at once, mostly with
// 429, nothing queues in memory, and every request answered 200 is in the queue.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

describe('a flood of requests with rate limits on', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway(['--rate-limits', 'greenapi', '--log-level', 'info']);
  });
  after(() => t.close());

  it('answers every request, sheds what is over the limit, and keeps every accepted message', async () => {
    const body = { chatId: '79990000002@c.us', message: 'flood', buttons: [{ buttonId: '1', buttonText: 'ok' }] };
    const answers = await Promise.all(Array.from({ length: 3_000 }, () => t.call('sendButtons', { body })));
    const accepted = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(accepted.length + limited.length, 3_000, 'nothing but 200 or 429');
    assert.ok(accepted.length >= 50 && accepted.length < 200, `${accepted.length} accepted in the burst`);
    const queued = (await t.call('showMessagesQueue')).body.map((m: any) => m.messageID);
    assert.deepEqual(new Set(queued), new Set(accepted.map((a) => a.body.idMessage)));
    assert.match(limited[0]!.body.message, /too many sendButtons requests for this instance \(send limit\)/);
  });
});

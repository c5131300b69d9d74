// Webhooks against a real receiver that fails for a while: every notification arrives, in order, each
// acknowledged once, signed; the same with a gateway restart in the middle of the outage.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';
import { verifyWebhook } from './webhook-signature.js';

const friend = '79990000002';
const webhookToken = 'bot-secret-4f1c';

/** What the bot must hear about each message, in this order. */
function expectedFor(ids: string[]): string[] {
  return ids.flatMap((id) => [`outgoingAPIMessageReceived ${id}`, `outgoingMessageStatus ${id} sent`, `outgoingMessageStatus ${id} delivered`]);
}

const describeBody = (b: any) => [b.typeWebhook, b.idMessage, b.status].filter(Boolean).join(' ');

describe('webhook delivery', () => {
  let t: TestGateway;
  let failing = true;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  before(async () => {
    receiver = await startWebhookReceiver((d) => (failing ? (d.body.typeWebhook === 'outgoingMessageStatus' ? 500 : 'no answer') : 200));
    t = await startTestGateway(['--webhook-max-backoff', '300ms', '--webhook-timeout', '300ms']);
    await t.link('79990000001');
    await t.call('setSettings', { body: { webhookUrl: receiver.url, webhookUrlToken: webhookToken, stateWebhook: 'no' } });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  async function sendAll(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: `m${i}` } })).body.idMessage);
    }
    await waitFor(async () => (await t.request('GET', `/sandbox/phones/${friend}/messages`)).body.length >= ids.length, {
      timeoutMs: 15_000,
      what: 'the messages to be sent',
    });
    return ids;
  }

  /** The receiver recovers: every notification of these messages must come, in order, once. */
  async function recoverAndCheck(ids: string[]): Promise<void> {
    failing = false;
    await waitFor(() => receiver.accepted().filter((d) => ids.includes(d.body.idMessage)).length === ids.length * 3, {
      timeoutMs: 15_000,
      what: 'every notification',
    });
    assertInOrderOnce(ids);
  }

  function assertInOrderOnce(ids: string[]): void {
    const accepted = receiver.accepted().filter((d) => ids.includes(d.body.idMessage));
    assert.deepEqual(accepted.map((d) => describeBody(d.body)), expectedFor(ids));
    const receipts = accepted.map((d) => Number(d.headers['x-waypost-receipt-id']));
    assert.deepEqual(receipts, [...receipts].sort((a, b) => a - b), 'oldest first');
    assert.equal(new Set(receipts).size, receipts.length, 'each acknowledged once');
  }

  it('retries the same notification through an outage (errors and timeouts), then delivers all in order', async () => {
    const ids = await sendAll(4);
    await waitFor(() => receiver.deliveries.length >= 4, { what: 'failed attempts' });
    const firstTries = receiver.deliveries.map((d) => d.headers['x-waypost-receipt-id']);
    assert.equal(new Set(firstTries).size, 1, 'while the receiver fails, only the head is tried');
    assert.ok(receiver.deliveries.some((d) => d.answered === 'no answer'), 'a receiver that does not answer counts as failed');
    await recoverAndCheck(ids);
  });

  it('signs every delivery and sends the token as a Bearer header', () => {
    for (const delivery of receiver.deliveries) {
      assert.equal(delivery.headers.authorization, `Bearer ${webhookToken}`);
      assert.equal(delivery.headers['content-type'], 'application/json');
      const valid = verifyWebhook(
        webhookToken,
        { timestamp: delivery.headers['x-waypost-timestamp'] as string, signature: delivery.headers['x-waypost-signature'] as string },
        delivery.rawBody,
        { nowSeconds: Math.floor(Date.now() / 1000), toleranceSeconds: 300 },
      );
      assert.ok(valid, 'the signature verifies');
      assert.ok(!verifyWebhook('another-token', { timestamp: delivery.headers['x-waypost-timestamp'] as string, signature: delivery.headers['x-waypost-signature'] as string }, delivery.rawBody, { nowSeconds: Math.floor(Date.now() / 1000), toleranceSeconds: 300 }));
    }
  });

  it('keeps undelivered notifications through a gateway restart and delivers them in order afterwards', async () => {
    failing = true;
    const before = receiver.deliveries.length;
    const ids = await sendAll(3);
    await waitFor(() => receiver.deliveries.length > before + 1, { what: 'failed attempts before the restart' });
    await t.restart();
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized', { timeoutMs: 10_000 });
    await recoverAndCheck(ids);
  });

  it('never writes the webhook token into its logs', () => {
    assert.ok(t.logs.some((line) => line.includes('webhook delivery failed')), 'failures are logged');
    assert.ok(!t.logs.join('\n').includes(webhookToken));
  });
});

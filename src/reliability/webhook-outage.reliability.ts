// Webhook outage across several instances: the receiver answers 500 for a while, then 200, with a
// gateway restart in the middle. Every notification arrives, in order per instance, acknowledged once.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Instance } from '../instances/instance.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';

const instanceCount = 5;
const messagesEach = 10;

describe('webhook outage with a restart, several instances', () => {
  let t: TestGateway;
  let healthy = false;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const instances: Instance[] = [];

  before(async () => {
    receiver = await startWebhookReceiver(() => (healthy ? 200 : 500));
    t = await startTestGateway(['--webhook-max-backoff', '500ms']);
    for (let i = 0; i < instanceCount; i++) {
      const instance = i === 0 ? t.instance : await t.gateway.instances.create({ name: `hook ${i}` });
      await t.link(`7999300000${i}`, instance);
      await t.call('setSettings', { instance, body: { webhookUrl: receiver.url, stateWebhook: 'no' } });
      instances.push(instance);
    }
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('delivers every notification in order per instance, once, after the outage and a restart', async () => {
    const sent = new Map<number, string[]>();
    for (const instance of instances) {
      const ids: string[] = [];
      for (let m = 0; m < messagesEach; m++) {
        ids.push((await t.call('sendMessage', { instance, body: { chatId: '79993999999@c.us', message: `m${m}` } })).body.idMessage);
      }
      sent.set(instance.idInstance, ids);
    }
    await waitFor(() => receiver.deliveries.length > instanceCount * 2, { what: 'failing deliveries' });
    await t.restart();
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized', { timeoutMs: 10_000 });
    healthy = true;
    const expectedTotal = instanceCount * messagesEach * 3; // sent as API message, sent, delivered
    const aboutMessages = () => receiver.accepted().filter((d) => d.body.typeWebhook !== 'stateInstanceChanged');
    await waitFor(() => aboutMessages().length >= expectedTotal, { timeoutMs: 60_000, what: 'every notification' });

    for (const instance of instances) {
      const mine = receiver.accepted().filter((d) => d.body.instanceData.idInstance === instance.idInstance);
      const receipts = mine.map((d) => Number(d.headers['x-waypost-receipt-id']));
      assert.deepEqual(receipts, [...receipts].sort((a, b) => a - b), 'in order');
      assert.equal(new Set(receipts).size, receipts.length, 'acknowledged once');
      const ids = sent.get(instance.idInstance)!;
      const expected = ids.flatMap((id) => [`outgoingAPIMessageReceived ${id}`, `outgoingMessageStatus ${id} sent`, `outgoingMessageStatus ${id} delivered`]);
      // Link-time state notifications queued before the webhook was set come first; the messages' follow.
      const got = mine.filter((d) => d.body.typeWebhook !== 'stateInstanceChanged').map((d) => [d.body.typeWebhook, d.body.idMessage, d.body.status].filter(Boolean).join(' '));
      assert.deepEqual(got, expected);
    }
  });
});

// What an operator's monitoring sees: /health, /ready and Prometheus metrics read after real traffic
// (a queued message, a link, sends, a reply, webhook deliveries that fail and then succeed).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkReadiness } from '../observability/readiness.js';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';

const me = '79990000001';
const friend = '79990000002';

/** The value of one sample of the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('operator endpoints', () => {
  let t: TestGateway;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let failFirst = 2;
  const scrape = async () => (await t.request('GET', '/metrics')).text;

  before(async () => {
    t = await startTestGateway();
    receiver = await startWebhookReceiver(() => (failFirst-- > 0 ? 500 : 200));
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('answers /health and /ready once started, naming each check', async () => {
    const health = await t.request('GET', '/health');
    assert.deepEqual([health.status, health.body], [200, { status: 'ok' }]);
    const ready = await t.request('GET', '/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { ready: true, checks: { started: 'ok', store: 'ok' } });
  });

  it('counts queued, sent and delivered messages, replies, webhook deliveries and requests, per instance', async () => {
    const id = String(t.instance.idInstance);
    const sent = await t.call('sendButtons', { body: { chatId: `${friend}@c.us`, message: 'Pick', buttons: [{ buttonId: 'g', buttonText: 'green' }] } });
    assert.equal(sent.status, 200);
    let text = await scrape();
    assert.equal(sample(text, 'waypost_queue_depth', { instance: id }), 1, 'waiting while not linked');
    assert.equal(sample(text, 'waypost_messages_accepted_total', { instance: id }), 1);
    assert.equal(sample(text, 'waypost_instances', { state: 'notAuthorized' }), 1);

    await t.call('setSettings', { body: { webhookUrl: receiver.url } });
    await t.link(me);
    await waitFor(async () => sample(await scrape(), 'waypost_message_statuses_total', { instance: id, status: 'delivered' }) === 1, {
      what: 'the delivered status counted',
    });
    await waitFor(async () => (await scrape()).includes('waypost_webhook_deliveries_total'), { what: 'webhook deliveries' });
    await waitFor(async () => (sample(await scrape(), 'waypost_webhook_deliveries_total', { instance: id, outcome: 'delivered' }) ?? 0) >= 1, {
      timeoutMs: 15_000,
      what: 'a delivery after the failures',
    });
    text = await scrape();
    assert.equal(sample(text, 'waypost_webhook_deliveries_total', { instance: id, outcome: 'failed' }), 2, 'the receiver failed twice');
    assert.equal(sample(text, 'waypost_message_statuses_total', { instance: id, status: 'sent' }), 1);
    assert.equal(sample(text, 'waypost_queue_depth', { instance: id }), undefined, 'nothing waits any more');
    assert.equal(sample(text, 'waypost_instances', { state: 'authorized' }), 1);
    assert.equal(sample(text, 'waypost_send_delay_seconds', { instance: id }), 0.5);
    assert.equal(sample(text, 'waypost_http_requests_total', { method: 'sendButtons', status: '200' }), 1);
    assert.ok(text.includes('waypost_pacing_lag_seconds_count 1'), 'one send timed');
    assert.ok(text.includes('waypost_webhook_backlog'), 'the backlog of webhook instances is shown');
  });

  it('never puts a token in a label, whatever the URL', async () => {
    await t.request('GET', `/waInstance${t.instance.idInstance}/${t.instance.apiToken}/getStateInstance`);
    await t.request('GET', `/waInstance${t.instance.idInstance}/noSuchMethod/${t.instance.apiToken}`);
    await t.request('GET', '/partner/getInstances/partner-token-for-tests');
    const text = await scrape();
    assert.ok(!text.includes(t.instance.apiToken), 'no instance token');
    assert.ok(!text.includes('partner-token-for-tests'), 'no partner token');
    assert.ok(!text.includes('noSuchMethod'), 'no text a client made up');
    assert.equal(sample(text, 'waypost_http_requests_total', { method: 'unknown method', status: '401' }), 1, 'the token where the method goes');
    assert.equal(sample(text, 'waypost_http_requests_total', { method: 'unknown method', status: '404' }), 1);
    assert.equal(sample(text, 'waypost_http_requests_total', { method: 'GET /partner/:method/:token', status: '200' }), 1);
  });
});

describe('readiness', () => {
  it('is not ready, and says why, when the database fails, does not answer, or the lease is lost', async () => {
    const failing = await checkReadiness({ started: () => true, pingStore: async () => Promise.reject(new Error('connection refused')), leaseHeld: () => false });
    assert.deepEqual(failing, {
      ready: false,
      checks: {
        started: 'ok',
        store: 'the database cannot be reached: connection refused',
        cluster: 'this node does not hold its cluster lease (the database is slow or unreachable)',
      },
    });
    const silent = await checkReadiness({ started: () => false, pingStore: () => new Promise(() => {}), leaseHeld: () => true });
    assert.equal(silent.ready, false);
    assert.match(silent.checks.started!, /^starting/);
    assert.equal(silent.checks.store, 'the database did not answer within 2 s');
    assert.equal(silent.checks.cluster, 'ok');
  });
});

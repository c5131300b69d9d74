// Choosing an instance's transport through the public APIs: at creation, by setSettings (which unlinks
// it from the old one), validated by name. WhatsApp Web points at a closed local port: it never links here.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';

describe('choosing the transport of an instance', () => {
  let t: TestGateway;
  const partner = (method: string) => `/partner/${method}/partner-token-for-tests`;
  before(async () => {
    t = await startTestGateway(['--whatsapp-ws-url', 'ws://127.0.0.1:9/ws/chat']);
  });
  after(() => t.close());

  it('new instances use the sandbox unless createInstance names another transport', async () => {
    assert.equal((await t.call('getSettings', { verb: 'GET' })).body.transport, 'sandbox');
    const created = await t.request('POST', partner('createInstance'), { name: 'real phone', transport: 'whatsapp-web' });
    const url = (method: string) => `/waInstance${created.body.idInstance}/${method}/${created.body.apiTokenInstance}`;
    assert.equal((await t.request('GET', url('getSettings'))).body.transport, 'whatsapp-web');
    // Connecting (to a port that refuses) and retrying: never authorized.
    await waitFor(async () => (await t.request('GET', url('getStateInstance'))).body.stateInstance === 'starting', { what: 'starting' });
  });

  it('refuses an unknown transport, naming the field', async () => {
    const created = await t.request('POST', partner('createInstance'), { transport: 'telegram' });
    assert.equal(created.body.code, 400);
    assert.match(created.body.description, /'transport' must be one of "sandbox", "whatsapp-web"/);
    const set = await t.call('setSettings', { body: { transport: 42 } });
    assert.equal(set.status, 400);
    assert.match(set.body.message, /'transport'/);
  });

  it('switching a linked instance unlinks it from the old transport and holds its queue; switching back links anew', async () => {
    await t.link('79990000001');
    assert.deepEqual((await t.call('setSettings', { body: { transport: 'whatsapp-web' } })).body, { saveSettings: true });
    await waitFor(async () => (await t.call('getStateInstance', { verb: 'GET' })).body.stateInstance === 'starting', { what: 'starting on WhatsApp Web' });
    const devices = await t.request('POST', '/sandbox/phones/79990000001/unlink', {});
    assert.deepEqual(devices.body, { unlinked: 0 }, 'the sandbox phone no longer has the device');
    const sent = await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'held' } });
    const queue = await t.call('showMessagesQueue', { verb: 'GET' });
    assert.deepEqual(queue.body.map((m: { messageID: string }) => m.messageID), [sent.body.idMessage]);

    await t.call('setSettings', { body: { transport: 'sandbox' } });
    await t.link('79990000001');
    await waitFor(async () => (await t.call('showMessagesQueue', { verb: 'GET' })).body.length === 0, { what: 'the held message sent' });
  });
});

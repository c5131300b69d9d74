import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';

const buttonsBody = {
  chatId: '79990000002@c.us',
  message: 'Pick one',
  buttons: [{ buttonId: '1', buttonText: 'Yes' }],
};

describe('instance routes', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway(['--disabled-methods', 'sendMessage']);
  });
  after(() => t.close());

  it('matches method names case-insensitively', async () => {
    for (const name of ['getStateInstance', 'GetStateInstance', 'GETSTATEINSTANCE']) {
      const answer = await t.call(name);
      assert.equal(answer.status, 200, name);
      assert.equal(answer.body.stateInstance, 'notAuthorized');
    }
  });

  it('answers a wrong token with 401 and never echoes it', async () => {
    const wrong = 'f'.repeat(50);
    const answer = await t.call('getSettings', { token: wrong });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.statusCode, 401);
    assert.ok(!answer.text.includes(wrong));
    assert.match(answer.body.path, /\{apiTokenInstance\}/);
  });

  it('does not accept another instance token', async () => {
    const other = await t.gateway.instances.create({ name: 'other' });
    const answer = await t.call('getSettings', { token: other.apiToken });
    assert.equal(answer.status, 401);
  });

  it('answers an unknown instance with 403', async () => {
    const answer = await t.call('getSettings', { instance: { ...t.instance, idInstance: 1999999999 } });
    assert.equal(answer.status, 403);
    assert.match(answer.body.message, /1999999999/);
  });

  it('answers an unknown method with 404', async () => {
    const answer = await t.call('sendCarrierPigeon');
    assert.equal(answer.status, 404);
    assert.match(answer.body.message, /sendCarrierPigeon/);
  });

  it('answers a method that does not exist 404 whatever its body, before reading it', async () => {
    const bodies: { rawBody: string; headers: Record<string, string> }[] = [
      { rawBody: '{"broken": ', headers: {} },
      { rawBody: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\u00ff\u00d8\r\n--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
      { rawBody: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'application/octet-stream' } },
    ];
    for (const { rawBody, headers } of bodies) {
      const answer = await t.call('sendFileByTelepathy', { rawBody, headers });
      assert.equal(answer.status, 404, answer.text);
      assert.match(answer.body.message, /there is no method 'sendFileByTelepathy'/);
    }
  });

  it('answers GREEN-API`s archived methods 403, as GREEN-API does', async () => {
    for (const name of ['sendTemplateButtons', 'sendListMessage']) {
      const answer = await t.call(name, { body: { chatId: '79990000002@c.us', message: 'menu' } });
      assert.deepEqual([answer.status, answer.body.message], [403, 'Forbidden'], name);
    }
  });

  it('answers 403 Forbidden for a method switched off by configuration', async () => {
    const answer = await t.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'hi' } });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.message, 'Forbidden');
  });

  it('answers the wrong verb with 405', async () => {
    const answer = await t.call('sendButtons', { verb: 'GET' });
    assert.equal(answer.status, 405);
    assert.match(answer.body.message, /POST/);
  });

  it('refuses an idInstance that is not a number with 400', async () => {
    const answer = await t.request('GET', `/waInstanceabc/getSettings/${t.instance.apiToken}`);
    assert.equal(answer.status, 400);
    assert.match(answer.body.message, /'idInstance'/);
    assert.ok(!answer.text.includes(t.instance.apiToken));
  });

  it('answers broken JSON with 400, not 500', async () => {
    const answer = await t.call('sendButtons', { rawBody: '{"chatId": ' });
    assert.equal(answer.status, 400);
    assert.match(answer.body.message, /JSON/);
  });

  it('reads a JSON body sent without a JSON content type', async () => {
    const answer = await t.call('sendButtons', { rawBody: JSON.stringify(buttonsBody), headers: { 'content-type': 'text/plain' } });
    assert.equal(answer.status, 200);
    assert.match(answer.body.idMessage, /^BAE5[0-9A-F]{12}$/);
  });

  it('answers an oversized body with 413', async () => {
    const answer = await t.call('sendButtons', { body: { ...buttonsBody, message: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.statusCode, 413);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const answer = await t.request('GET', '/nothing/here');
    assert.equal(answer.status, 404);
    assert.equal(answer.body.statusCode, 404);
  });

  it('keeps tokens out of every log line', async () => {
    await t.call('getSettings', { token: 'a'.repeat(50) });
    await t.call('sendButtons', { body: buttonsBody });
    await t.request('GET', '/partner/getInstances/wrong-partner-token');
    const logs = t.logs.join('\n');
    assert.ok(logs.includes('{apiTokenInstance}'), 'requests are logged');
    assert.ok(!logs.includes(t.instance.apiToken));
    assert.ok(!logs.includes('a'.repeat(50)));
    assert.ok(!logs.includes('wrong-partner-token'));
    assert.ok(!logs.includes('partner-token-for-tests'));
  });
});

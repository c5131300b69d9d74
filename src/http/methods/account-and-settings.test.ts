import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeQrPng } from '../../testing/decode-qr.js';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

describe('settings, state, linking and the queue', () => {
  let t: TestGateway;
  before(async () => {
    t = await startTestGateway();
  });
  after(() => t.close());

  it('shows the settings of a new instance with Waypost defaults', async () => {
    const answer = await t.call('getSettings');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.delaySendMessagesMilliseconds, 500);
    assert.equal(answer.body.outgoingWebhook, 'yes');
    assert.equal(answer.body.incomingWebhook, 'yes');
    assert.equal(answer.body.webhookUrl, '');
    assert.equal(answer.body.wid, '');
  });

  it('saves a subset of settings and shows them back', async () => {
    const saved = await t.call('setSettings', {
      body: { delaySendMessagesMilliseconds: 1500, webhookUrl: 'https://bot.example/hook', stateWebhook: 'no' },
    });
    assert.deepEqual(saved.body, { saveSettings: true });
    const answer = await t.call('getSettings');
    assert.equal(answer.body.delaySendMessagesMilliseconds, 1500);
    assert.equal(answer.body.webhookUrl, 'https://bot.example/hook');
    assert.equal(answer.body.stateWebhook, 'no');
    assert.equal(answer.body.incomingWebhook, 'yes');
  });

  it("accepts every setting name GREEN-API's SDKs send, and shows them back", async () => {
    const greenApiNames = {
      incomingBlockWebhook: 'yes',
      statusInstanceWebhook: 'no',
      sharedSession: 'no',
      enableMessagesHistory: 'yes',
      enableLidMode: 'yes',
      linkPreview: 'yes',
      autoTyping: 2,
      countryInstance: 'ru',
    };
    const saved = await t.call('setSettings', { body: greenApiNames });
    assert.equal(saved.status, 200, saved.text);
    const { countryInstance, ...stored } = greenApiNames;
    const shown = (await t.call('getSettings')).body;
    for (const [name, value] of Object.entries(stored)) assert.equal(shown[name], value, name);
    assert.equal(shown.countryInstance, '', 'a deprecated read-only field is ignored');
  });

  it('ignores read-only fields echoed back from getSettings', async () => {
    const current = (await t.call('getSettings')).body;
    const answer = await t.call('setSettings', { body: current });
    assert.equal(answer.status, 200, answer.text);
  });

  for (const [rule, body, message] of [
    ['delay below 500', { delaySendMessagesMilliseconds: 499 }, /'delaySendMessagesMilliseconds' must be between 500 and 600000/],
    ['delay above 600000', { delaySendMessagesMilliseconds: 600_001 }, /between 500 and 600000/],
    ['delay not an integer', { delaySendMessagesMilliseconds: 1.5 }, /must be an integer/],
    ['flag not yes/no', { incomingWebhook: true }, /'incomingWebhook' must be "yes" or "no"/],
    ['webhook not a URL', { webhookUrl: 'not a url' }, /'webhookUrl' must be an http or https URL/],
    ['unknown setting', { colour: 'red' }, /'colour' is not a known setting/],
    ['autoTyping out of range', { autoTyping: 5 }, /'autoTyping' must be an integer from 0 \(off\) to 4/],
  ] as const) {
    it(`refuses bad settings with 400: ${rule}`, async () => {
      const answer = await t.call('setSettings', { body });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, message);
    });
  }

  it('returns a QR code as a PNG whose text links the instance', async () => {
    const answer = await t.call('qr');
    assert.equal(answer.body.type, 'qrCode');
    const text = decodeQrPng(answer.body.message);
    assert.match(text, /^2@/);
    const linked = await t.request('POST', '/sandbox/link', { phone: '79990000001', qr: text });
    assert.equal(linked.status, 200, linked.text);
    assert.equal(linked.body.wid, '79990000001@c.us');
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized');
    assert.equal((await t.call('getSettings')).body.wid, '79990000001@c.us');
    assert.equal((await t.call('getWaSettings')).body.phone, '79990000001');
    assert.deepEqual((await t.call('qr')).body, { type: 'alreadyLogged', message: 'instance account already authorized' });
  });

  it('logs out: the instance is notAuthorized and shows a new QR', async () => {
    assert.deepEqual((await t.call('logout')).body, { isLogout: true });
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'notAuthorized');
    assert.equal((await t.call('getSettings')).body.wid, '');
    assert.equal((await t.call('qr')).body.type, 'qrCode');
  });

  it('links by pairing code for the number it was asked for', async () => {
    const answer = await t.call('getAuthorizationCode', { body: { phoneNumber: 79990000005 } });
    assert.equal(answer.body.status, true);
    assert.match(answer.body.code, /^[A-Z0-9]{8}$/);
    const wrongPhone = await t.request('POST', '/sandbox/link', { phone: '79990000006', code: answer.body.code });
    assert.equal(wrongPhone.status, 400);
    const linked = await t.request('POST', '/sandbox/link', { phone: '79990000005', code: answer.body.code });
    assert.equal(linked.status, 200, linked.text);
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized');
  });

  it('refuses a pairing code request without a valid phone number', async () => {
    for (const body of [{}, { phoneNumber: 'abc' }, { phoneNumber: -5 }]) {
      const answer = await t.call('getAuthorizationCode', { body });
      assert.equal(answer.status, 400);
      assert.match(answer.body.message, /'phoneNumber'/);
    }
  });

  it('reboots: the session comes back authorized without a new link', async () => {
    assert.deepEqual((await t.call('reboot')).body, { isReboot: true });
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'authorized');
  });

  it('shows the queue in GREEN-API shape and clears it', async () => {
    await t.call('logout');
    await waitFor(async () => (await t.call('getStateInstance')).body.stateInstance === 'notAuthorized');
    const body = { chatId: '79990000002@c.us', message: 'queued while unlinked' };
    const sent = await t.call('sendMessage', { body });
    const queue = await t.call('showMessagesQueue');
    assert.deepEqual(queue.body, [{ messageID: sent.body.idMessage, type: 'sendMessage', body }]);
    assert.deepEqual((await t.call('clearMessagesQueue')).body, { isCleared: true });
    assert.deepEqual((await t.call('showMessagesQueue')).body, []);
    // The bot hears of each cleared message as failed, as GREEN-API's clients expect.
    await t.call('setSettings', { body: { webhookUrl: '' } });
    const isCleared = (b: any) => b.typeWebhook === 'outgoingMessageStatus' && b.idMessage === sent.body.idMessage;
    const bodies = await t.receiveUntil((all) => all.some(isCleared));
    const status = bodies.find(isCleared);
    assert.deepEqual([status.status, status.description], ['failed', 'queue cleared']);
  });
});

// GREEN-API's official v2 JavaScript SDK, unchanged, pointed at Waypost through the hook its docs give
// (a subclass overriding buildUrl), running the receive loop its docs show: a typed number arrives as
// text (so a bot routing "1", "2" keeps working) and a tap as a button reply.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';

const require = createRequire(import.meta.url);
const { GreenApiClient, GreenApiPartnerClient } = require('@green-api/whatsapp-api-client-js-v2') as {
  GreenApiClient: new (instance: { idInstance: number; apiTokenInstance: string }) => any;
  GreenApiPartnerClient: new (credentials: { partnerToken: string; partnerApiUrl: string }) => any;
};

const me = '79990000001';
const friend = '79990000002';

/** The subclass hook: buildUrl runs in the base constructor, so the URL comes from outside the instance. */
function clientFor(apiUrl: string, instance: { idInstance: number; apiTokenInstance: string }) {
  class WaypostClient extends GreenApiClient {
    buildUrl(): string {
      return `${apiUrl}/waInstance${(this as any).instance.idInstance}`;
    }
  }
  return new WaypostClient(instance);
}

/** A bot's loop as the SDK's docs write it: receive, route by type, delete; stops on request. */
function startBot(client: any) {
  const routed: { route: string; body: any }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const notification = await client.receiveNotification(5);
      if (!notification) continue;
      const { body } = notification;
      const type = body.messageData?.typeMessage;
      if (body.typeWebhook === 'incomingMessageReceived') {
        if (type === 'textMessage') routed.push({ route: `menu item ${body.messageData.textMessageData.textMessage}`, body });
        else if (type === 'buttonsResponseMessage') routed.push({ route: `button ${body.messageData.buttonsResponseMessage.selectedButtonId}`, body });
      }
      await client.deleteNotification(notification.receiptId);
    }
  })();
  return {
    routed,
    async stop() {
      running = false;
      await loop;
    },
  };
}

describe('official GREEN-API JavaScript SDK v2', () => {
  let t: TestGateway;
  let apiUrl: string;
  let client: any;

  before(async () => {
    t = await startTestGateway();
    await t.gateway.http.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.gateway.http.server.address() as { port: number }).port}`;
    client = clientFor(apiUrl, { idInstance: t.instance.idInstance, apiTokenInstance: t.instance.apiToken });
  });
  after(() => t.close());

  it('reads and writes settings as a bot does on start (getSettings, then setSettings)', async () => {
    const settings = await client.getSettings();
    assert.equal(settings.delaySendMessagesMilliseconds, 500);
    assert.deepEqual(await client.setSettings({ ...settings, incomingBlockWebhook: 'no', delaySendMessagesMilliseconds: 600 }), { saveSettings: true });
    assert.equal((await client.getSettings()).delaySendMessagesMilliseconds, 600);
  });

  it('sends a text that waits in the queue until the phone links', async () => {
    const sent = await client.sendMessage({ chatId: `${friend}@c.us`, message: 'Menu: 1 - prices, 2 - hours' });
    assert.match(sent.idMessage, /^BAE5[0-9A-F]{12}$/);
    const queue = await client.showMessagesQueue();
    assert.equal(queue[0].messageID, sent.idMessage);
    await t.link(me);
    assert.deepEqual(await client.getStateInstance(), { stateInstance: 'authorized' });
  });

  it('routes a typed number as text and a tap as a button reply, in its own receive loop', async () => {
    const buttons = await t.call('sendButtons', {
      body: { chatId: `${friend}@c.us`, message: 'Pick', buttons: [{ buttonId: 'p', buttonText: 'prices' }, { buttonId: 'h', buttonText: 'hours' }] },
    });
    // Its send recorded (a typed answer is read against buttons that went out), as the SDK's getMessage shows.
    const sent = (idMessage: string) =>
      waitFor(async () => (await client.getMessage({ chatId: `${friend}@c.us`, idMessage })).statusMessage !== 'pending');
    await sent(buttons.body.idMessage);
    const bot = startBot(client);
    try {
      await t.request('POST', `/sandbox/phones/${friend}/send`, { to: `${me}@c.us`, text: '2' });
      await waitFor(() => bot.routed.length === 1, { timeoutMs: 15_000, what: 'the typed answer routed' });
      const again = await t.call('sendButtons', {
        body: { chatId: `${friend}@c.us`, message: 'Again?', buttons: [{ buttonId: 'y', buttonText: 'yes' }] },
      });
      await sent(again.body.idMessage);
      await t.request('POST', `/sandbox/phones/${friend}/tap`, { idMessage: again.body.idMessage, buttonId: 'y' });
      await waitFor(() => bot.routed.length === 2, { timeoutMs: 15_000, what: 'the tap routed' });
    } finally {
      await bot.stop();
    }
    assert.deepEqual(bot.routed.map((r) => r.route), ['menu item 2', 'button y']);
    assert.equal(bot.routed[0]!.body.messageData.buttonReply.selectedButtonId, 'h', "Waypost's reading rides beside the text");
    assert.equal(bot.routed[0]!.body.senderData.senderName, 'Sandbox 0002');
  });

  it('sends files through its sendFileByUpload, uploadFile and sendFileByUrl, and finds them with downloadFile', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(8_000)]);
    const digest = createHash('sha256').update(photo).digest('hex');
    const byForm = await client.sendFileByUpload({ chatId: `${friend}@c.us`, file: { data: new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), fileName: 'photo.jpg' }, caption: 'Today' });
    assert.match(byForm.idMessage, /^BAE5[0-9A-F]{12}$/);
    assert.match(byForm.urlFile, /\/files\/[A-Za-z0-9_-]{43}\/photo\.jpg$/);
    const uploaded = await client.uploadFile(new File([new Uint8Array(photo)], 'again.jpg', { type: 'image/jpeg' }));
    assert.match(uploaded.urlFile, /\/files\/[A-Za-z0-9_-]{43}\/again\.jpg$/);
    const byUrl = await client.sendFileByUrl({ chatId: `${friend}@c.us`, file: { url: uploaded.urlFile, fileName: 'again.jpg' } });
    for (const id of [byForm.idMessage, byUrl.idMessage]) {
      const shown = await waitFor(async () => ((await t.request('GET', `/sandbox/phones/${friend}/messages`)).body as any[]).find((m) => m.idMessage === id), { what: id });
      assert.deepEqual([shown.file.mimeType, shown.file.sha256], ['image/jpeg', digest]);
    }
    assert.deepEqual(await client.downloadFile({ chatId: `${friend}@c.us`, idMessage: byForm.idMessage }), { downloadUrl: byForm.urlFile });
  });

  it('lists instances through the partner client with the fields of its PartnerInstance type', async () => {
    const partner = new GreenApiPartnerClient({ partnerToken: 'partner-token-for-tests', partnerApiUrl: apiUrl });
    const instances = await partner.getInstances();
    const mine = instances.find((i: any) => i.idInstance === t.instance.idInstance);
    for (const field of ['name', 'typeInstance', 'timeCreated', 'timeDeleted', 'apiTokenInstance', 'deleted', 'tariff', 'isFree', 'isPartner', 'expirationDate', 'isExpired']) {
      assert.ok(field in mine, field);
    }
  });
});

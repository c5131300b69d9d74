// The official GREEN-API JavaScript client, unchanged, pointed at Waypost with its `host` option.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';

const require = createRequire(import.meta.url);
const whatsAppClient = require('@green-api/whatsapp-api-client');

describe('official GREEN-API JavaScript client', () => {
  let t: TestGateway;
  let client: any;
  const buttons = [
    { buttonId: '1', buttonText: 'green' },
    { buttonId: '2', buttonText: 'red' },
  ];

  before(async () => {
    t = await startTestGateway();
    await t.gateway.http.listen({ host: '127.0.0.1', port: 0 });
    const address = t.gateway.http.server.address() as { port: number };
    client = whatsAppClient.restAPI({
      idInstance: String(t.instance.idInstance),
      apiTokenInstance: t.instance.apiToken,
      host: `http://127.0.0.1:${address.port}`,
      // File methods go to GREEN-API's media host: the same gateway here.
      media: `http://127.0.0.1:${address.port}`,
    });
  });
  after(() => t.close());

  it('reads the state and the settings', async () => {
    assert.deepEqual(await client.instance.getStateInstance(), { stateInstance: 'notAuthorized' });
    const settings = await client.settings.getSettings();
    assert.equal(settings.delaySendMessagesMilliseconds, 500);
  });

  it('sends a button message and sees it in the queue', async () => {
    const sent = await client.message.sendButtons('79990000002@c.us', 'Pick a colour', 'Waypost', buttons);
    assert.match(sent.idMessage, /^BAE5[0-9A-F]{12}$/);
    const queue = await client.message.showMessagesQueue();
    assert.equal(queue.length, 1);
    assert.equal(queue[0].messageID, sent.idMessage);
    assert.equal(queue[0].type, 'sendButtons');
    assert.deepEqual(queue[0].body.buttons, buttons);
  });

  it('gets the message delivered once the phone links', async () => {
    await t.link('79990000001');
    const inbox = await waitFor(async () => {
      const received = (await t.request('GET', '/sandbox/phones/79990000002/messages')).body;
      return received.length === 1 ? received : undefined;
    });
    assert.equal(inbox[0].type, 'buttons');
    assert.deepEqual(await client.instance.getStateInstance(), { stateInstance: 'authorized' });
  });

  it('uploads a file from disk with its uploadFile, sends the link with sendFileByUrl, and finds it with downloadFile', async () => {
    const path = join(t.dataDir, 'menu.pdf');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(10_000)]);
    writeFileSync(path, pdf);
    const { urlFile } = await client.file.uploadFile(path);
    const sent = await client.file.sendFileByUrl('79990000002@c.us', undefined, urlFile, 'menu.pdf', 'Our menu');
    const shown = await waitFor(async () => ((await t.request('GET', '/sandbox/phones/79990000002/messages')).body as any[]).find((m) => m.idMessage === sent.idMessage));
    assert.deepEqual([shown.text, shown.file.mimeType, shown.file.sha256], ['Our menu', 'application/pdf', createHash('sha256').update(pdf).digest('hex')]);
    assert.deepEqual(await client.file.downloadFile('79990000002@c.us', sent.idMessage), { downloadUrl: urlFile });
  });

  it('receives and deletes notifications with its own loop', async () => {
    const texts: any[] = [];
    const statuses: any[] = [];
    client.webhookService.onReceivingMessageText((body: any) => texts.push(body));
    client.webhookService.onReceivingOutboundMessageStatus((body: any) => statuses.push(body));
    const sent = await client.message.sendMessage('79990000002@c.us', null, 'hello from the bot');
    await t.request('POST', '/sandbox/phones/79990000002/send', { to: '79990000001@c.us', text: 'hello bot' });
    client.webhookService.startReceivingNotifications();
    try {
      await waitFor(() => texts.length > 0 && statuses.some((s) => s.idMessage === sent.idMessage && s.status === 'delivered'), {
        timeoutMs: 15_000,
        what: 'the client loop to see the notifications',
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      client.webhookService.stopReceivingNotifications();
    }
    assert.equal(texts.length, 1, 'each notification is handled once: the loop deleted it');
    assert.equal(texts[0].messageData.textMessageData.textMessage, 'hello bot');
    assert.equal(texts[0].senderData.chatId, '79990000002@c.us');
  });

  it("routes a tap read by hand as a button reply, and a typed number to the loop's text handler", async () => {
    // On the phone, and its send recorded (a typed answer is read against buttons that went out).
    const shown = (idMessage: string) =>
      waitFor(async () => {
        const entry = await t.call('getMessage', { body: { chatId: '79990000002@c.us', idMessage } });
        return entry.body?.statusMessage !== undefined && entry.body.statusMessage !== 'pending';
      });
    // The loop of the test before reads on after it is stopped, until the queue is empty: let it end.
    await waitFor(async () => {
      const left = await client.webhookService.receiveNotification();
      if (left) await client.webhookService.deleteNotification(left.receiptId);
      return left === null;
    }, { timeoutMs: 30_000, what: 'the earlier loop to end' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const menu = await client.message.sendButtons('79990000002@c.us', 'Sure?', 'Waypost', [{ buttonId: 'yes', buttonText: 'yes' }]);
    await shown(menu.idMessage);
    await t.request('POST', '/sandbox/phones/79990000002/tap', { idMessage: menu.idMessage, buttonId: 'yes' });
    const reply = await waitFor(async () => {
      const notification = await client.webhookService.receiveNotification();
      if (!notification) return undefined;
      await client.webhookService.deleteNotification(notification.receiptId);
      return notification.body.messageData?.typeMessage === 'buttonsResponseMessage' ? notification.body : undefined;
    }, { timeoutMs: 20_000, what: 'the tap as a button reply' });
    assert.equal(reply.messageData.buttonsResponseMessage.selectedButtonId, 'yes');

    // The client's own loop has no handler for button replies: a typed "2" must reach its text handler.
    const colours = await client.message.sendButtons('79990000002@c.us', 'Pick a colour', 'Waypost', buttons);
    await shown(colours.idMessage);
    const texts: any[] = [];
    client.webhookService.onReceivingMessageText((body: any) => texts.push(body));
    await t.request('POST', '/sandbox/phones/79990000002/send', { to: '79990000001@c.us', text: '2' });
    client.webhookService.startReceivingNotifications();
    try {
      await waitFor(() => texts.length > 0, { timeoutMs: 15_000, what: 'the typed "2" in the text handler' });
    } finally {
      client.webhookService.stopReceivingNotifications();
    }
    assert.equal(texts[0].messageData.textMessageData.textMessage, '2', 'the bot routes "2" as it would on GREEN-API');
    assert.equal(texts[0].messageData.buttonReply.selectedButtonId, '2', "Waypost's reading rides beside the text");
  });

  it('surfaces a validation error as a rejected call with status 400', async () => {
    await assert.rejects(client.message.sendButtons('79990000002@c.us', 'x', 'f', []), (error: any) => {
      assert.equal(error.response.status, 400);
      assert.match(error.response.data.message, /'buttons'/);
      return true;
    });
  });
});

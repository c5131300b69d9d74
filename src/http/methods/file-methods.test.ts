// Files both ways on the sandbox: uploads, forms and URLs sent (what the phone got, byte for byte, and what
// the bot is told), files a phone sends kept and linked, downloadFile, and what is refused by name.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../../testing/test-gateway.js';
import { waitFor } from '../../testing/wait-for.js';

const me = '79990000001';
const friend = '79990000002';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(40_000)]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(5_000)]);

/** A form as a browser or an SDK sends it (the body and its Content-Type with the boundary). */
async function form(fields: Record<string, string>, file?: { field?: string; name: string; type: string; bytes: Buffer }) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file) data.append(file.field ?? 'file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request('http://form.invalid', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('files on the sandbox', () => {
  let t: TestGateway;
  let small: TestGateway;
  let server: Server;
  let origin: string;
  const served = new Map<string, { type: string; bytes: Buffer }>();

  const onPhone = (phone: string, idMessage: string) =>
    waitFor(async () => ((await t.request('GET', `/sandbox/phones/${phone}/messages`)).body as any[]).find((m) => m.idMessage === idMessage), {
      what: `${idMessage} on ${phone}`,
    });
  const statusOf = async (gateway: TestGateway, idMessage: string, status: string) =>
    (await gateway.receiveUntil((b) => b.some((x) => x.idMessage === idMessage && x.status === status))).find((x) => x.idMessage === idMessage && x.status === status);
  /** A link's bytes, fetched as anyone holding it would (no token). */
  const fetchLink = async (gateway: TestGateway, url: string) => {
    const answer = await gateway.gateway.http.inject({ method: 'GET', url: new URL(url).pathname });
    return { status: answer.statusCode, type: answer.headers['content-type'], bytes: answer.rawPayload };
  };
  const upload = (gateway: TestGateway, bytes: Buffer, headers: Record<string, string>) =>
    gateway.gateway.http.inject({
      method: 'POST',
      url: `/waInstance${gateway.instance.idInstance}/uploadFile/${gateway.instance.apiToken}`,
      payload: bytes,
      headers,
    });
  const sendForm = async (gateway: TestGateway, body: Awaited<ReturnType<typeof form>>) => {
    const answer = await gateway.gateway.http.inject({
      method: 'POST',
      url: `/waInstance${gateway.instance.idInstance}/sendFileByUpload/${gateway.instance.apiToken}`,
      payload: body.payload,
      headers: { 'content-type': body.contentType },
    });
    return { status: answer.statusCode, body: JSON.parse(answer.body) };
  };

  before(async () => {
    server = createServer((request, response) => {
      const file = served.get(request.url ?? '');
      if (!file) return void response.writeHead(404).end('not here');
      response.writeHead(200, { 'content-type': file.type }).end(file.bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    served.set('/menu.pdf', { type: 'application/pdf', bytes: pdf });
    served.set('/big.bin', { type: 'application/octet-stream', bytes: randomBytes(20_000) });
    t = await startTestGateway();
    await t.link(me);
    small = await startTestGateway(['--file-limit-mb', '0.01']);
    await small.link('79990000009');
  });
  after(async () => {
    await t.close();
    await small.close();
    server.close();
  });

  it('uploads a file, serves it by its link with no token, and sends that link: the phone gets the very bytes', async () => {
    const answer = await upload(t, jpeg, { 'content-type': 'image/jpeg', 'ga-filename': 'photo.jpg' });
    assert.equal(answer.statusCode, 200, answer.body);
    const { urlFile } = JSON.parse(answer.body);
    assert.match(urlFile, /^http:\/\/127\.0\.0\.1:\d+\/files\/[A-Za-z0-9_-]{43}\/photo\.jpg$/);
    const link = await fetchLink(t, urlFile);
    assert.deepEqual([link.status, link.type, sha256(link.bytes)], [200, 'image/jpeg', sha256(jpeg)]);

    const sent = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile, fileName: 'photo.jpg', caption: 'Today' } });
    assert.equal(sent.status, 200, sent.text);
    const shown = await onPhone(friend, sent.body.idMessage);
    assert.deepEqual([shown.type, shown.text, shown.file], ['file', 'Today', { fileName: 'photo.jpg', mimeType: 'image/jpeg', size: jpeg.length, sha256: sha256(jpeg) }]);
    const told = await statusOf(t, sent.body.idMessage, 'sent');
    assert.equal(told.typeWebhook, 'outgoingMessageStatus');
    const journal = await t.call('getMessage', { body: { chatId: `${friend}@c.us`, idMessage: sent.body.idMessage } });
    assert.deepEqual([journal.body.typeMessage, journal.body.downloadUrl, journal.body.caption, journal.body.fileName], ['imageMessage', urlFile, 'Today', 'photo.jpg']);
  });

  it('sends a file given in a form, keeps it, and answers its link beside the idMessage', async () => {
    const body = await form({ chatId: `${friend}@c.us`, caption: 'Our menu' }, { name: 'menu.pdf', type: 'application/pdf', bytes: pdf });
    const answer = await sendForm(t, body);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.match(answer.body.idMessage, /^[A-F0-9]{16,}$/i);
    const shown = await onPhone(friend, answer.body.idMessage);
    assert.deepEqual([shown.text, shown.file.fileName, shown.file.mimeType, shown.file.sha256], ['Our menu', 'menu.pdf', 'application/pdf', sha256(pdf)]);
    assert.equal(sha256((await fetchLink(t, answer.body.urlFile)).bytes), sha256(pdf));
    const download = await t.call('downloadFile', { body: { chatId: `${friend}@c.us`, idMessage: answer.body.idMessage } });
    assert.deepEqual(download.body, { downloadUrl: answer.body.urlFile });
  });

  it('fetches a URL when the message leaves and sends what it got', async () => {
    const sent = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile: `${origin}/menu.pdf`, fileName: 'menu.pdf' } });
    assert.equal(sent.status, 200, sent.text);
    const shown = await onPhone(friend, sent.body.idMessage);
    assert.deepEqual([shown.file.mimeType, shown.file.size, shown.file.sha256], ['application/pdf', pdf.length, sha256(pdf)]);
  });

  it('ends a message whose file cannot be fetched as failed, saying why', async () => {
    const missing = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile: `${origin}/gone.pdf`, fileName: 'gone.pdf' } });
    const failed = await statusOf(t, missing.body.idMessage, 'failed');
    assert.match(failed.description, /the file at http:\/\/127\.0\.0\.1:\d+\/gone\.pdf could not be fetched: the server answered HTTP 404/);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    closed.close();
    const refused = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile: `http://127.0.0.1:${deadPort}/x.pdf`, fileName: 'x.pdf' } });
    assert.match((await statusOf(t, refused.body.idMessage, 'failed')).description, /could not be fetched: the connection was refused/);

    const big = await small.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile: `${origin}/big.bin`, fileName: 'big.bin' } });
    assert.match((await statusOf(small, big.body.idMessage, 'failed')).description, /is larger than the limit of 11 KB/);
    // The queue went on: the next message is sent.
    const next = await small.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'after the failure' } });
    await statusOf(small, next.body.idMessage, 'sent');
  });

  it("keeps a file a phone sends: the bot's notification links to the very bytes, and downloadFile answers the link", async () => {
    const sent = await t.request('POST', `/sandbox/phones/${friend}/send`, {
      to: `${me}@c.us`,
      file: { fileName: 'receipt.jpg', data: jpeg.toString('base64'), caption: 'my receipt' },
    });
    assert.equal(sent.status, 200, sent.text);
    const bodies = await t.receiveUntil((b) => b.some((x) => x.idMessage === sent.body.idMessage));
    const incoming = bodies.find((x) => x.idMessage === sent.body.idMessage);
    assert.equal(incoming.typeWebhook, 'incomingMessageReceived');
    assert.equal(incoming.messageData.typeMessage, 'imageMessage');
    const data = incoming.messageData.fileMessageData;
    assert.deepEqual([data.caption, data.fileName, data.mimeType], ['my receipt', 'receipt.jpg', 'image/jpeg']);
    const link = await fetchLink(t, data.downloadUrl);
    assert.deepEqual([link.status, link.type, sha256(link.bytes)], [200, 'image/jpeg', sha256(jpeg)]);
    const download = await t.call('downloadFile', { body: { chatId: `${friend}@c.us`, idMessage: sent.body.idMessage } });
    assert.deepEqual(download.body, { downloadUrl: data.downloadUrl });
  });

  it('a file the linked phone itself sends reaches the other phone, and the bot hears of it with a link', async () => {
    const sent = await t.request('POST', `/sandbox/phones/${me}/send`, { to: `${friend}@c.us`, file: { fileName: 'plan.pdf', data: pdf.toString('base64') } });
    assert.equal(sent.status, 200, sent.text);
    const shown = await onPhone(friend, sent.body.idMessage);
    assert.deepEqual([shown.type, shown.file.mimeType, shown.file.sha256], ['file', 'application/pdf', sha256(pdf)]);
    const told = (await t.receiveUntil((b) => b.some((x) => x.idMessage === sent.body.idMessage))).find((x) => x.idMessage === sent.body.idMessage);
    assert.deepEqual([told.typeWebhook, told.messageData.typeMessage], ['outgoingMessageReceived', 'documentMessage']);
    assert.equal(sha256((await fetchLink(t, told.messageData.fileMessageData.downloadUrl)).bytes), sha256(pdf));
  });

  it('passes on a received file over the limit without a link, and logs why', async () => {
    const sent = await small.request('POST', '/sandbox/phones/79990000003/send', {
      to: '79990000009@c.us',
      file: { fileName: 'scan.pdf', data: randomBytes(12_000).toString('base64') },
    });
    const body = (await small.receiveUntil((b) => b.some((x) => x.idMessage === sent.body.idMessage))).find((x) => x.idMessage === sent.body.idMessage);
    assert.deepEqual([body.messageData.typeMessage, body.messageData.fileMessageData.downloadUrl], ['documentMessage', '']);
    assert.ok(small.logs.some((line) => line.includes('a received file of 12 KB is larger than the limit of 11 KB: not kept')));
    const download = await small.call('downloadFile', { body: { chatId: '79990000003@c.us', idMessage: sent.body.idMessage } });
    assert.match(download.body.message, /was not kept \(it was too large, or its download failed\)/);
  });

  it('refuses bad input by name: empty or oversized uploads, broken forms, non-http URLs, missing names', async () => {
    const empty = await upload(t, Buffer.alloc(0), { 'content-type': 'image/jpeg' });
    assert.equal(empty.statusCode, 400);
    assert.match(JSON.parse(empty.body).message, /the body is empty/);
    const oversized = await upload(small, randomBytes(12_000), { 'content-type': 'image/jpeg', 'ga-filename': 'x.jpg' });
    assert.equal(oversized.statusCode, 413);
    assert.match(JSON.parse(oversized.body).message, /larger than the limit of 11 KB/);

    const notAForm = await t.call('sendFileByUpload', { body: { chatId: `${friend}@c.us` } });
    assert.equal(notAForm.status, 400);
    assert.match(notAForm.body.message, /multipart\/form-data/);
    const noFile = await sendForm(t, await form({ chatId: `${friend}@c.us` }));
    assert.deepEqual([noFile.status, noFile.body.message], [400, "'file' is required (a form field holding the file)"]);
    const wrongField = await sendForm(t, await form({ chatId: `${friend}@c.us` }, { field: 'document', name: 'a.pdf', type: 'application/pdf', bytes: pdf }));
    assert.match(wrongField.body.message, /form field 'file', not 'document'/);
    const noChat = await sendForm(t, await form({}, { name: 'a.pdf', type: 'application/pdf', bytes: pdf }));
    assert.deepEqual([noChat.status, noChat.body.message], [400, "'chatId' is required"]);
    const truncated = await form({ chatId: `${friend}@c.us` }, { name: 'a.pdf', type: 'application/pdf', bytes: pdf });
    const cut = await sendForm(t, { ...truncated, payload: truncated.payload.subarray(0, 500) });
    assert.match(cut.body.message, /the multipart body cannot be read/);

    const ftp = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile: 'ftp://example.com/a.pdf', fileName: 'a.pdf' } });
    assert.deepEqual([ftp.status, ftp.body.message], [400, "'urlFile' must be an http or https URL"]);
    const noName = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile: `${origin}/menu.pdf` } });
    assert.deepEqual([noName.status, noName.body.message], [400, "'fileName' is required"]);
    const slash = await t.call('sendFileByUrl', { body: { chatId: `${friend}@c.us`, urlFile: `${origin}/menu.pdf`, fileName: '../etc/passwd' } });
    assert.match(slash.body.message, /'fileName' must be a file name/);

    const text = await t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: 'not a file' } });
    const notFile = await t.call('downloadFile', { body: { chatId: `${friend}@c.us`, idMessage: text.body.idMessage } });
    assert.deepEqual([notFile.status, notFile.body.message], [400, `message ${text.body.idMessage} is not a file message`]);
    const unknown = await t.call('downloadFile', { body: { chatId: `${friend}@c.us`, idMessage: 'BAE5000000000000' } });
    assert.equal(unknown.status, 404);
    const badLink = await t.request('GET', `/files/${'A'.repeat(43)}/x.pdf`);
    assert.equal(badLink.status, 404);
    assert.doesNotMatch(badLink.text, /AAAA/, 'the token is not echoed');
  });
});

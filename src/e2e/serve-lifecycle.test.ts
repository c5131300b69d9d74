// End to end through the real CLI and HTTP only: first start, restarts, configuration errors, admin CLI.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeQrPng } from '../testing/decode-qr.js';
import { http, runWaypost, spawnWaypost, type RunningWaypost } from '../testing/spawn-waypost.js';
import { waitFor } from '../testing/wait-for.js';

const dataDir = mkdtempSync(join(tmpdir(), 'waypost-e2e-'));
const serveArgs = ['serve', '--port', '0', '--data-dir', dataDir];

describe('waypost serve, end to end', () => {
  let server: RunningWaypost | undefined;
  let idInstance = '';
  let token = '';
  const api = (method: string) => `${server!.url}/waInstance${idInstance}/${method}/${token}`;
  const state = async () => (await http(api('getStateInstance'))).body.stateInstance;
  const inbox = async () => (await http(`${server!.url}/sandbox/phones/79990000002/messages`)).body as any[];

  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the first instance, the partner token and a curl line on a fresh data directory', async () => {
    server = await spawnWaypost(serveArgs);
    const output = await waitFor(() => (server!.output().includes('curl') ? server!.output() : undefined));
    idInstance = /idInstance\s+(\d+)/.exec(output)![1]!;
    token = /apiTokenInstance\s+([0-9a-f]{50})/.exec(output)![1]!;
    assert.match(output, /Partner token \(shown once/);
    assert.match(output, new RegExp(`curl -s -X POST ${server.url}/waInstance${idInstance}/sendButtons/${token}`));
    assert.equal(await state(), 'notAuthorized');
  });

  it('prints a one-time console sign-in link that opens a session once (the built page is served)', async () => {
    const link = new RegExp(`${server!.url}/console/sign-in\\?code=([A-Za-z0-9_-]+)`).exec(server!.output());
    assert.ok(link, 'the console link is printed');
    const first = await fetch(link[0], { redirect: 'manual' });
    assert.equal(first.status, 302);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const session = await fetch(`${server!.url}/console/api/session`, { headers: { cookie } });
    assert.equal(session.status, 200);
    assert.equal((await fetch(`${server!.url}/console/assets/app.js`)).status, 200, 'npm run build made the page');
    const again = await fetch(link[0], { redirect: 'manual' });
    assert.equal(again.headers.get('location'), '/console?signIn=expired');
  });

  it('runs the printed curl line: the message is queued', async () => {
    const body = JSON.parse(/-d '(.+)'/.exec(server!.output())![1]!);
    const sent = await http(api('sendButtons'), 'POST', body);
    assert.equal(sent.status, 200);
    assert.match(sent.body.idMessage, /^BAE5/);
    const queue = await http(api('showMessagesQueue'));
    assert.equal(queue.body.length, 1);
  });

  it('keeps queued messages and settings across a restart, and prints no secret again', async () => {
    await http(api('setSettings'), 'POST', { delaySendMessagesMilliseconds: 700 });
    const before = server!.output();
    assert.equal(await server!.stop(), 0, 'SIGTERM stops it cleanly');
    server = await spawnWaypost(serveArgs);
    await waitFor(async () => (await state()) === 'notAuthorized');
    assert.ok(!server.output().includes(token), 'the instance token is printed only on the first start');
    assert.ok(!server.output().includes('Partner token'));
    assert.equal((await http(api('showMessagesQueue'))).body.length, 1);
    assert.equal((await http(api('getSettings'))).body.delaySendMessagesMilliseconds, 700);
    assert.ok(before.length > 0);
  });

  it('sends the held message the moment a phone links, and stays linked across a restart', async () => {
    const qr = await http(api('qr'));
    assert.equal(qr.body.type, 'qrCode');
    const linked = await http(`${server!.url}/sandbox/link`, 'POST', { phone: '79990000001', qr: decodeQrPng(qr.body.message) });
    assert.equal(linked.status, 200);
    await waitFor(async () => (await inbox()).length === 1, { what: 'the held message to arrive' });
    await server!.stop();
    server = await spawnWaypost(serveArgs);
    await waitFor(async () => (await state()) === 'authorized', { what: 'the link to survive the restart' });
    await http(api('sendMessage'), 'POST', { chatId: '79990000002@c.us', message: 'after restart' });
    await waitFor(async () => (await inbox()).length === 2, { what: 'a message after the restart' });
    assert.ok((await inbox()).every((m) => m.deliveries === 1));
  });

  it('refuses a second gateway on the same data directory, naming it and the process holding it', async () => {
    const second = await runWaypost([...serveArgs]);
    assert.equal(second.code, 2);
    assert.match(second.output, new RegExp(`data directory ${dataDir} is in use by another Waypost \\(process ${server!.process.pid},`));
    assert.doesNotMatch(second.output, /\n\s+at /, 'no stack trace');
    assert.equal(await state(), 'authorized', 'the first one goes on');
  });

  it('starts again at once after the holder was killed (kill -9 leaves no stale lock)', async () => {
    await server!.stop('SIGKILL');
    server = await spawnWaypost(serveArgs);
    await waitFor(async () => (await state()) === 'authorized', { what: 'the restarted gateway' });
  });

  it('writes no token into its logs', async () => {
    await http(`${server!.url}/waInstance${idInstance}/getSettings/${'0'.repeat(50)}`);
    const logLines = server!.output().split('\n').filter((line) => line.startsWith('{'));
    assert.ok(logLines.length > 0);
    for (const line of logLines) {
      assert.ok(!line.includes(token), line);
      assert.ok(!line.includes('0'.repeat(50)), line);
    }
  });
});

describe('waypost configuration and admin CLI', () => {
  const adminDir = mkdtempSync(join(tmpdir(), 'waypost-admin-'));
  after(() => rmSync(adminDir, { recursive: true, force: true }));

  it('refuses a bad setting at start with a message naming it', async () => {
    const badPort = await runWaypost(['serve', '--data-dir', adminDir], { WAYPOST_PORT: 'seventy' });
    assert.equal(badPort.code, 2);
    assert.match(badPort.output, /WAYPOST_PORT must be a port number/);
    const badMethod = await runWaypost(['serve', '--data-dir', adminDir, '--disabled-methods', 'sendPigeon']);
    assert.equal(badMethod.code, 2);
    assert.match(badMethod.output, /--disabled-methods: "sendPigeon" is not a method/);
    const badRetention = await runWaypost(['serve', '--data-dir', adminDir], { WAYPOST_MESSAGE_RETENTION: 'forever' });
    assert.match(badRetention.output, /WAYPOST_MESSAGE_RETENTION must be a duration/);
  });

  it('creates, lists and deletes instances', async () => {
    const created = await runWaypost(['instance', 'create', '--name', 'cli bot', '--data-dir', adminDir]);
    assert.equal(created.code, 0, created.output);
    const { idInstance, apiTokenInstance } = JSON.parse(created.output);
    assert.match(apiTokenInstance, /^[0-9a-f]{50}$/);
    const listed = JSON.parse((await runWaypost(['instance', 'list', '--data-dir', adminDir])).output);
    assert.deepEqual(listed.map((i: any) => [i.idInstance, i.name, i.deleted]), [[idInstance, 'cli bot', false]]);
    const deleted = await runWaypost(['instance', 'delete', String(idInstance), '--data-dir', adminDir]);
    assert.equal(deleted.code, 0);
    const again = await runWaypost(['instance', 'delete', String(idInstance), '--data-dir', adminDir]);
    assert.equal(again.code, 2);
    assert.match(again.output, /does not exist/);
  });
});

// A gateway reaching a standalone sandbox process: linking over HTTP, and a kill -9 in mid-send after
// which the in-flight message is sent again with the same idMessage (the phone shows the duplicate).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeQrPng } from '../testing/decode-qr.js';
import { http, spawnWaypost, type RunningWaypost } from '../testing/spawn-waypost.js';
import { waitFor } from '../testing/wait-for.js';

describe('standalone sandbox and crash recovery', () => {
  const gatewayDir = mkdtempSync(join(tmpdir(), 'waypost-gw-'));
  const sandboxDir = mkdtempSync(join(tmpdir(), 'waypost-sb-'));
  let sandbox: RunningWaypost;
  let gateway: RunningWaypost | undefined;
  let api: (method: string) => string;
  const inbox = async () => (await http(`${sandbox.url}/sandbox/phones/79990000002/messages`)).body as any[];
  const startGateway = () =>
    spawnWaypost(['serve', '--port', '0', '--data-dir', gatewayDir], { WAYPOST_SANDBOX_URL: sandbox.url });

  after(async () => {
    await gateway?.stop('SIGKILL');
    await sandbox?.stop();
    rmSync(gatewayDir, { recursive: true, force: true });
    rmSync(sandboxDir, { recursive: true, force: true });
  });

  it('links an instance through the standalone sandbox', async () => {
    sandbox = await spawnWaypost(['sandbox', '--port', '0', '--data-dir', sandboxDir]);
    gateway = await startGateway();
    const output = await waitFor(() => (gateway!.output().includes('curl') ? gateway!.output() : undefined));
    const idInstance = /idInstance\s+(\d+)/.exec(output)![1];
    const token = /apiTokenInstance\s+([0-9a-f]{50})/.exec(output)![1];
    api = (method) => `${gateway!.url}/waInstance${idInstance}/${method}/${token}`;
    const qr = await waitFor(async () => {
      const answer = await http(api('qr'));
      return answer.body.type === 'qrCode' ? answer.body.message : undefined;
    });
    const linked = await http(`${sandbox.url}/sandbox/link`, 'POST', { phone: '79990000001', qr: decodeQrPng(qr) });
    assert.equal(linked.status, 200);
    await waitFor(async () => (await http(api('getStateInstance'))).body.stateInstance === 'authorized');
  });

  it('re-sends the in-flight message with the same idMessage after kill -9, in order, losing nothing', async () => {
    await http(`${sandbox.url}/sandbox/faults`, 'POST', { ackDelayMs: 5_000 });
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      ids.push((await http(api('sendMessage'), 'POST', { chatId: '79990000002@c.us', message: text })).body.idMessage);
    }
    await waitFor(async () => (await inbox()).length === 1, { what: 'the first message to reach the phone' });
    await gateway!.stop('SIGKILL');
    await http(`${sandbox.url}/sandbox/faults`, 'DELETE');
    gateway = await startGateway();
    const received = await waitFor(async () => {
      const all = await inbox();
      return all.length === 3 ? all : undefined;
    }, { timeoutMs: 20_000, what: 'all three messages' });
    assert.deepEqual(received.map((m) => m.idMessage), ids);
    assert.deepEqual(received.map((m) => m.deliveries), [2, 1, 1]);
    assert.deepEqual((await http(api('showMessagesQueue'))).body, []);
  });

  it('keeps the sandbox state in its own data directory across its restart', async () => {
    await sandbox.stop();
    sandbox = await spawnWaypost(['sandbox', '--port', '0', '--data-dir', sandboxDir]);
    assert.equal((await inbox()).length, 3);
  });
});

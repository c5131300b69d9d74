// The real baileys socket, pointed at a loopback WebSocket server that hangs up after the Noise hello:
// the gateway connects, handles each hang-up (close code 428) by reconnecting with backoff, never crashes,
// and keeps the message it accepted meanwhile queued.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';

describe('WhatsApp Web transport with a real baileys socket on a loopback server', () => {
  let server: WebSocketServer;
  const hellos: Buffer[] = [];
  let test: TestGateway;

  before(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => {
      socket.once('message', (data: Buffer) => {
        hellos.push(Buffer.from(data));
        socket.close();
      });
    });
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/chat`;
    test = await startTestGateway(['--transport', 'whatsapp-web', '--whatsapp-ws-url', url]);
  });
  after(async () => {
    await test.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('connects and opens with the WhatsApp Noise prologue', async () => {
    await waitFor(() => hellos.length >= 1, { what: 'a connection with a hello frame', timeoutMs: 10_000 });
    assert.equal(hellos[0]?.subarray(0, 2).toString('latin1'), 'WA');
  });

  it('reconnects after each hang-up, stays "starting", and keeps an accepted message queued', async () => {
    const sent = await test.call('sendMessage', { body: { chatId: '79990000002@c.us', message: 'waits for the link' } });
    assert.equal(sent.status, 200);
    const before = hellos.length;
    await waitFor(() => hellos.length >= before + 2, { what: 'two more reconnects after hang-ups', timeoutMs: 10_000 });
    const state = await test.call('getStateInstance');
    assert.deepEqual(state.body, { stateInstance: 'starting' });
    const queue = await test.call('showMessagesQueue', { verb: 'GET' });
    assert.deepEqual(queue.body.map((m: { messageID: string }) => m.messageID), [sent.body.idMessage]);
    assert.equal((await test.call('getSettings', { verb: 'GET' })).body.transport, 'whatsapp-web');
  });
});

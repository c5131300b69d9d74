// Crash: 20 instances on a standalone sandbox, 5,000 sendButtons, kill -9 of the gateway mid-way, restart.
// Every message whose idMessage was answered reaches its recipient, per chat in the order accepted, and
// re-sends are limited to what was in flight (at most one per instance). A request the kill cut off after
// its commit but before its answer is delivered too (accepted means durable), just before the client's retry.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeQrPng } from '../testing/decode-qr.js';
import { http, spawnWaypost, type RunningWaypost } from '../testing/spawn-waypost.js';
import { waitFor } from '../testing/wait-for.js';

const instanceCount = 20;
const totalMessages = 5_000;
const perInstance = totalMessages / instanceCount;
const recipients = ['79992000001', '79992000002', '79992000003'];
const partnerToken = 'crash-test-partner-token';

interface Sender {
  idInstance: number;
  token: string;
  phone: string;
  /** Accepted ids per recipient, in the order their answers came. */
  accepted: Map<string, string[]>;
  next: number;
  /** The request the kill cut off, if any: the gateway may have committed it without the answer arriving. */
  unanswered: { to: string; text: string } | null;
}

describe('kill -9 with 5,000 messages in flight', () => {
  const gatewayDir = mkdtempSync(join(tmpdir(), 'waypost-crash-gw-'));
  const sandboxDir = mkdtempSync(join(tmpdir(), 'waypost-crash-sb-'));
  let sandbox: RunningWaypost;
  let gateway: RunningWaypost;
  const senders: Sender[] = [];
  const startGateway = () =>
    spawnWaypost(['serve', '--port', '0', '--data-dir', gatewayDir, '--partner-token', partnerToken, '--log-level', 'warn'], {
      WAYPOST_SANDBOX_URL: sandbox.url,
    });

  after(async () => {
    await gateway?.stop('SIGKILL');
    await sandbox?.stop();
    rmSync(gatewayDir, { recursive: true, force: true });
    rmSync(sandboxDir, { recursive: true, force: true });
  });

  /** Each instance sends its messages one after another; all instances at once. Stops at the first network error. */
  async function sendUntilDown(stopAfterAccepted: number): Promise<void> {
    let acceptedTotal = () => senders.reduce((n, s) => n + [...s.accepted.values()].flat().length, 0);
    await Promise.all(
      senders.map(async (sender) => {
        while (sender.next < perInstance && acceptedTotal() < stopAfterAccepted) {
          const to = recipients[sender.next % recipients.length] as string;
          const url = `${gateway.url}/waInstance${sender.idInstance}/sendButtons/${sender.token}`;
          let answer;
          try {
            answer = await http(url, 'POST', {
              chatId: `${to}@c.us`,
              message: `message ${sender.next}`,
              buttons: [{ buttonId: '1', buttonText: 'ok' }],
            });
          } catch {
            // The gateway is gone: this message is sent again after the restart.
            sender.unanswered = { to, text: `message ${sender.next}` };
            return;
          }
          assert.equal(answer.status, 200);
          sender.accepted.get(to)!.push(answer.body.idMessage);
          sender.next++;
        }
      }),
    );
    acceptedTotal = () => 0;
  }

  it('links 20 instances through the standalone sandbox', async () => {
    sandbox = await spawnWaypost(['sandbox', '--port', '0', '--data-dir', sandboxDir]);
    gateway = await startGateway();
    for (let i = 0; i < instanceCount; i++) {
      const created = await http(`${gateway.url}/partner/createInstance/${partnerToken}`, 'POST', { name: `crash ${i}` });
      const sender: Sender = {
        idInstance: created.body.idInstance,
        token: created.body.apiTokenInstance,
        phone: `7999100${String(i).padStart(4, '0')}`,
        accepted: new Map(recipients.map((r) => [r, []])),
        next: 0,
        unanswered: null,
      };
      const api = (m: string) => `${gateway.url}/waInstance${sender.idInstance}/${m}/${sender.token}`;
      const qr = await waitFor(async () => {
        const answer = await http(api('qr'));
        return answer.body.type === 'qrCode' ? answer.body.message : undefined;
      });
      assert.equal((await http(`${sandbox.url}/sandbox/link`, 'POST', { phone: sender.phone, qr: decodeQrPng(qr) })).status, 200);
      await waitFor(async () => (await http(api('getStateInstance'))).body.stateInstance === 'authorized');
      senders.push(sender);
    }
  });

  it('delivers every accepted message after a kill -9 and a restart, in order, re-sending at most one per instance', async () => {
    const killAfter = 1_500;
    const sending = sendUntilDown(killAfter);
    await waitFor(() => senders.reduce((n, s) => n + s.next, 0) >= killAfter, { timeoutMs: 60_000, what: 'enough accepted messages' });
    await gateway.stop('SIGKILL');
    await sending;
    gateway = await startGateway();
    await sendUntilDown(Number.POSITIVE_INFINITY);
    const acceptedCount = senders.reduce((n, s) => n + s.next, 0);
    assert.equal(acceptedCount, totalMessages, 'every message was accepted by one run or the other');

    const acceptedIds = new Set(senders.flatMap((sender) => [...sender.accepted.values()].flat()));
    const inboxes = new Map<string, any[]>();
    await waitFor(
      async () => {
        for (const phone of recipients) inboxes.set(phone, (await http(`${sandbox.url}/sandbox/phones/${phone}/messages`)).body);
        const arrived = [...inboxes.values()].flat().filter((m) => acceptedIds.has(m.idMessage));
        return arrived.length >= totalMessages;
      },
      { timeoutMs: 300_000, intervalMs: 1_000, what: 'every accepted message to arrive' },
    );

    for (const sender of senders) {
      let resent = 0;
      let unansweredArrivals = 0;
      for (const phone of recipients) {
        const arrived = inboxes.get(phone)!.filter((m) => m.from === `${sender.phone}@c.us`);
        arrived.forEach((m, at) => {
          if (acceptedIds.has(m.idMessage)) return;
          // Only the request the kill cut off may arrive without an answer, followed by its retry.
          unansweredArrivals++;
          assert.ok(sender.unanswered && sender.unanswered.to === phone, `${m.idMessage} to ${phone} was never requested`);
          assert.ok(m.text.startsWith(`${sender.unanswered.text}\n`), `${m.idMessage} is not "${sender.unanswered.text}"`);
          assert.equal(arrived[at + 1]?.text, m.text, `the retry of ${m.idMessage} follows it`);
        });
        const answered = arrived.filter((m) => acceptedIds.has(m.idMessage));
        assert.deepEqual(answered.map((m) => m.idMessage), sender.accepted.get(phone), `chat ${sender.phone} → ${phone} in accepted order`);
        resent += arrived.filter((m) => m.deliveries > 1).length;
      }
      assert.ok(unansweredArrivals <= 1, `instance ${sender.idInstance}: ${unansweredArrivals} unanswered messages arrived`);
      assert.ok(resent <= 1, `instance ${sender.idInstance} re-sent ${resent} messages`);
    }
  });
});

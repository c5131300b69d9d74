// Two gateways on one SQLite data directory, as a user might start them by mistake (another port, the same
// standalone sandbox): the second is refused at once and the first goes on sending, paced, each message
// once; after a kill -9 of the first, the second starts at once (no stale lock) and sends the rest.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { http, runWaypost, spawnWaypost, type RunningWaypost } from '../testing/spawn-waypost.js';
import { waitFor } from '../testing/wait-for.js';

const delayMs = 500;

describe('a second gateway on the same SQLite data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'waypost-double-'));
  const sandboxDir = mkdtempSync(join(tmpdir(), 'waypost-double-sb-'));
  let sandbox: RunningWaypost;
  let first: RunningWaypost | undefined;
  let second: RunningWaypost | undefined;

  after(async () => {
    await first?.stop('SIGKILL');
    await second?.stop('SIGKILL');
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(sandboxDir, { recursive: true, force: true });
  });

  it('is refused while the first runs, starts at once after a kill -9, and nothing is sent twice or too soon', async () => {
    sandbox = await spawnWaypost(['sandbox', '--port', '0', '--data-dir', sandboxDir]);
    const serve = ['serve', '--port', '0', '--data-dir', dataDir];
    const env = { WAYPOST_SANDBOX_URL: sandbox.url };
    first = await spawnWaypost(serve, env);
    const output = await waitFor(() => (first!.output().includes('curl') ? first!.output() : undefined));
    const idInstance = /idInstance\s+(\d+)/.exec(output)![1];
    const token = /apiTokenInstance\s+([0-9a-f]{50})/.exec(output)![1];
    const api = (node: RunningWaypost, method: string) => `${node.url}/waInstance${idInstance}/${method}/${token}`;
    const code = await waitFor(async () => (await http(api(first!, 'getAuthorizationCode'), 'POST', { phoneNumber: 79996000001 })).body.code);
    assert.equal((await http(`${sandbox.url}/sandbox/link`, 'POST', { phone: '79996000001', code })).status, 200);
    await waitFor(async () => (await http(api(first!, 'getStateInstance'))).body.stateInstance === 'authorized');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push((await http(api(first, 'sendMessage'), 'POST', { chatId: '79996000002@c.us', message: `m${i}` })).body.idMessage);
    }

    const refused = await runWaypost(serve, env);
    assert.equal(refused.code, 2);
    assert.match(refused.output, new RegExp(`data directory .* is in use by another Waypost \\(process ${first.process.pid},`));

    const inbox = async () => (await http(`${sandbox.url}/sandbox/phones/79996000002/messages`)).body as any[];
    await waitFor(async () => (await inbox()).length >= 5, { what: 'some sends', timeoutMs: 10_000 });
    await first.stop('SIGKILL');
    second = await spawnWaypost(serve, env);
    const received = await waitFor(async () => {
      const all = await inbox();
      return all.length === ids.length ? all : undefined;
    }, { what: 'every message', timeoutMs: 40_000, intervalMs: 200 });

    assert.deepEqual(received.map((m) => m.idMessage), ids, 'in order, each once');
    assert.ok(received.every((m) => m.deliveries <= 2 && new Set(m.deliveredBy).size === m.deliveries));
    assert.ok(received.filter((m) => m.deliveries > 1).length <= 1, 'at most the one in flight at the kill is sent again');
    const times = received.map((m) => Date.parse(m.receivedAt));
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= delayMs - 75, `sends ${times[i]! - times[i - 1]!} ms apart`);
  });
});

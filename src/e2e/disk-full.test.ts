// A full disk under the data directory, for real: the gateway on a small tmpfs that a filler file fills.
// Sends are answered 507 naming the cause (never 500), /ready says so, nothing accepted is lost, and once
// the filler is gone the gateway carries on by itself. Mounting needs root: without it the test is skipped.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../testing/test-gateway.js';
import { waitFor } from '../testing/wait-for.js';

const mountPoint = mkdtempSync(join(tmpdir(), 'waypost-tinyfs-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Writes zeros until the disk refuses (ENOSPC). */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

describe('a full disk under the data directory', { skip: mounted ? false : 'needs root to mount a small tmpfs' }, () => {
  let t: TestGateway;
  const filler = join(mountPoint, 'filler');
  const friend = '79990000002';

  before(async () => {
    const dataDir = join(mountPoint, 'data');
    mkdirSync(dataDir);
    t = await startTestGateway([], { dataDir });
    await t.link('79990000001');
  });
  after(async () => {
    await t?.close().catch(() => {});
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('answers 507 naming the cause, says so on /ready, loses nothing, and recovers by itself', async () => {
    const accepted: string[] = [];
    const send = () => t.call('sendMessage', { body: { chatId: `${friend}@c.us`, message: `${accepted.length} `.padEnd(8_000, 'x') } });
    fill(filler);
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 500 && !refused; i++) {
      const answer = await send();
      if (answer.status === 200) accepted.push(answer.body.idMessage);
      else refused = answer;
    }
    assert.ok(refused, 'the disk filled up');
    assert.equal(refused.status, 507, refused.text);
    assert.match(refused.body.message, /the disk holding the data directory is full: nothing was accepted/);
    const ready = await t.request('GET', '/ready');
    assert.equal(ready.status, 503);
    assert.match(ready.body.checks.store, /the disk holding the data directory is full/);

    rmSync(filler);
    const again = await waitFor(async () => {
      const answer = await send();
      return answer.status === 200 ? answer : undefined;
    }, { timeoutMs: 10_000, what: 'sends accepted again' });
    accepted.push(again.body.idMessage);
    assert.equal((await t.request('GET', '/ready')).status, 200);
    const received = await waitFor(async () => {
      const inbox = (await t.request('GET', `/sandbox/phones/${friend}/messages`)).body as { idMessage: string }[];
      const ids = new Set(inbox.map((m) => m.idMessage));
      return accepted.every((id) => ids.has(id)) ? inbox : undefined;
    }, { timeoutMs: 60_000, what: `all ${accepted.length} accepted messages on the phone` });
    assert.ok(received.length >= accepted.length);
  });
});

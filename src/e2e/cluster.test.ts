// Two gateway processes on one PostgreSQL database form a cluster, end to end through HTTP only: any
// node accepts and answers, the owner sends, calls that need the connection are forwarded, a long poll
// on one node wakes when the other appends, kill -9 and SIGTERM hand the instance over.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startClusterHarness, type ClusterHarness } from '../testing/cluster-harness.js';
import { http, runWaypost, type RunningWaypost } from '../testing/spawn-waypost.js';
import { waitFor } from '../testing/wait-for.js';

const friend = '79990000002';

describe('a cluster of two nodes', () => {
  let cluster: ClusterHarness;
  let idInstance = 0;
  let token = '';
  /** The second instance, never linked: its messages wait. */
  let second: { idInstance: number; apiTokenInstance: string };
  const api = (node: RunningWaypost, method: string) => `${node.url}/waInstance${idInstance}/${method}/${token}`;
  const send = async (node: RunningWaypost, text: string) => {
    const answer = await http(api(node, 'sendMessage'), 'POST', { chatId: `${friend}@c.us`, message: text });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.idMessage as string;
  };
  const texts = async () => (await cluster.inbox(friend)).map((m) => m.text);
  const owner = async () => {
    const url = await cluster.ownerUrl(idInstance);
    return cluster.nodes.find((n) => n?.url === url);
  };

  before(async () => {
    cluster = await startClusterHarness({ leaseMs: 2_000 });
  });
  after(() => cluster?.close());

  it('forms from two nodes with the same secret, and refuses a node without it', async () => {
    const a = await cluster.startNode(0);
    // The first node on an empty database makes the first instance, as a single gateway does.
    idInstance = Number(/idInstance\s+(\d+)/.exec(await waitFor(() => a.output().includes('curl') && a.output()))![1]);
    token = /apiTokenInstance\s+([0-9a-f]{50})/.exec(a.output())![1]!;
    const b = await cluster.startNode(1);
    assert.doesNotMatch(b.output(), /Your first instance/);
    // Instances made while both nodes are live go half to each (placement is sticky after that).
    await waitFor(async () => (await cluster.clusterStatus()).liveNodes === 2, { what: 'the second node to join' });
    second = (await http(`${b.url}/partner/createInstance/partner-token-for-tests`, 'POST', {})).body;
    const status = await waitFor(async () => {
      const s = await cluster.clusterStatus();
      return s.liveNodes === 2 && s.withoutLiveOwner === 0 ? s : undefined;
    }, { what: 'both nodes live and both instances owned' });
    assert.deepEqual(status.nodes.map((n: any) => n.instances), [1, 1], 'spread over the nodes');
    const stranger = await runWaypost(['serve', '--port', '0', '--data-dir', cluster.tempDir('waypost-stranger-')], {
      WAYPOST_DATABASE_URL: cluster.database.url,
      WAYPOST_SANDBOX_URL: cluster.sandbox.url,
    });
    assert.equal(stranger.code, 2);
    assert.match(stranger.output, /another Waypost node is live on this database .*WAYPOST_CLUSTER_SECRET/);
  });

  it('accepts on any node, forwards the pairing code to the owner, and sends in order once linked', async () => {
    const [a, b] = [cluster.nodes[0]!, cluster.nodes[1]!];
    const ids = [await send(a, 'one'), await send(b, 'two'), await send(a, 'three')];
    const holder = (await owner())!;
    const other = holder === a ? b : a;
    assert.deepEqual((await http(api(other, 'showMessagesQueue'))).body.map((m: any) => m.messageID), ids);
    const code = await http(api(other, 'getAuthorizationCode'), 'POST', { phoneNumber: 79990000001 });
    assert.equal(code.status, 200, JSON.stringify(code.body));
    const linked = await http(`${cluster.sandbox.url}/sandbox/link`, 'POST', { phone: '79990000001', code: code.body.code });
    assert.equal(linked.status, 200);
    await waitFor(async () => (await texts()).length === 3, { what: 'three messages', timeoutMs: 10_000 });
    assert.deepEqual(await texts(), ['one', 'two', 'three']);
    for (const node of [a, b]) assert.equal((await http(api(node, 'getStateInstance'))).body.stateInstance, 'authorized');
    // Settings changed through a node that does not hold the instance are what every node answers at once.
    assert.equal((await http(api(other, 'setSettings'), 'POST', { delaySendMessagesMilliseconds: 700 })).status, 200);
    for (const node of [a, b]) assert.equal((await http(api(node, 'getSettings'))).body.delaySendMessagesMilliseconds, 700);
  });

  it('keeps a file where every node serves it: uploaded on one, sent and linked through the other', async () => {
    const holder = (await owner())!;
    const other = cluster.nodes.find((n) => n !== holder)!;
    const bytes = randomBytes(50_000);
    const uploaded = await fetch(api(other, 'uploadFile'), { method: 'POST', body: bytes, headers: { 'content-type': 'application/pdf', 'ga-filename': 'menu.pdf' } });
    const { urlFile } = (await uploaded.json()) as { urlFile: string };
    assert.ok(urlFile.startsWith(`${other.url}/files/`), urlFile);
    const onHolder = await fetch(`${holder.url}${new URL(urlFile).pathname}`);
    assert.ok(Buffer.from(await onHolder.arrayBuffer()).equals(bytes), 'the other node serves the same bytes');
    const sent = await http(api(other, 'sendFileByUrl'), 'POST', { chatId: `${friend}@c.us`, urlFile, fileName: 'menu.pdf' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const shown = await waitFor(async () => (await cluster.inbox(friend)).find((m) => m.idMessage === sent.body.idMessage), { what: 'the file on the phone' });
    assert.equal(shown.file.sha256, createHash('sha256').update(bytes).digest('hex'));
  });

  it('wakes a long poll on the other node as soon as the owner appends', async () => {
    const holder = (await owner())!;
    const other = cluster.nodes.find((n) => n !== holder)!;
    // Empty the journal first, then wait on the non-owner for the next notification.
    for (;;) {
      const head = await http(api(other, 'receiveNotification') + '?receiveTimeout=5');
      if (head.body === null) break;
      await http(`${api(other, 'deleteNotification')}/${head.body.receiptId}`, 'DELETE');
    }
    const started = Date.now();
    const poll = http(api(other, 'receiveNotification') + '?receiveTimeout=20');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await send(holder, 'wake up');
    const answer = await poll;
    assert.notEqual(answer.body, null);
    assert.ok(Date.now() - started < 10_000, `answered after ${Date.now() - started} ms, not at the timeout`);
  });

  it('clears a queue through a node that does not hold the instance, each message told to the bot as failed', async () => {
    const ownerUrl = await cluster.ownerUrl(second.idInstance);
    const holder = cluster.nodes.find((n) => n?.url === ownerUrl)!;
    const other = cluster.nodes.find((n) => n && n !== holder)!;
    const at = (node: RunningWaypost, method: string) => `${node.url}/waInstance${second.idInstance}/${method}/${second.apiTokenInstance}`;
    const ids: string[] = [];
    for (const node of [holder, other]) {
      ids.push((await http(at(node, 'sendMessage'), 'POST', { chatId: `${friend}@c.us`, message: 'never sent' })).body.idMessage);
    }
    assert.deepEqual((await http(at(other, 'clearMessagesQueue'))).body, { isCleared: true });
    assert.deepEqual((await http(at(holder, 'showMessagesQueue'))).body, []);
    const failed: string[] = [];
    while (failed.length < ids.length) {
      const answer = await http(at(other, 'receiveNotification') + '?receiveTimeout=5');
      assert.notEqual(answer.body, null, `failed statuses so far: ${failed.join(', ')}`);
      const body = answer.body.body;
      if (body.typeWebhook === 'outgoingMessageStatus' && body.status === 'failed' && body.description === 'queue cleared') failed.push(body.idMessage);
      await http(`${at(other, 'deleteNotification')}/${answer.body.receiptId}`, 'DELETE');
    }
    assert.deepEqual(failed, ids);
  });

  it('keeps sending after the owner is killed, and after the next one hands over on SIGTERM', async () => {
    const first = (await owner())!;
    const survivor = cluster.nodes.find((n) => n !== first)!;
    await first.stop('SIGKILL');
    await send(survivor, 'after kill');
    await waitFor(async () => (await texts()).includes('after kill'), { what: 'a send by the new owner', timeoutMs: 10_000 });
    const replacement = await cluster.startNode(cluster.nodes.indexOf(first));
    await waitFor(async () => (await cluster.clusterStatus()).liveNodes === 2, { what: 'the new node to join' });
    assert.equal(await survivor.stop('SIGTERM'), 0);
    await send(replacement, 'after drain');
    await waitFor(async () => (await texts()).includes('after drain'), { what: 'a send after the hand-over', timeoutMs: 5_000 });
    const inbox = await cluster.inbox(friend);
    assert.ok(inbox.every((m) => m.deliveries === 1), 'nothing sent twice: no send was in flight');
  });
});

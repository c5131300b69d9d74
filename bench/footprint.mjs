// 4. Footprint: resident memory per idle linked sandbox instance at 10,000 instances, and start-up time
// with 10,000 instances and 1,000,000 queued messages. Goals: <= 50 KB per instance, start-up <= 3 s.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteStores } from '../dist/store/sqlite/sqlite-stores.js';
import { defaultSettings } from '../dist/instances/settings.js';
import { newApiToken, newMessageId } from '../dist/core/ids.js';
import { rssOf, sleep, startChild, stopChild, tempDir } from './lib.mjs';

/** A data directory with `count` instances already linked in the embedded sandbox, and `queued` messages. */
async function seed(count, queued) {
  const dataDir = tempDir('footprint');
  const stores = createSqliteStores({ path: join(dataDir, 'waypost.sqlite') });
  const journal = [];
  const ids = [];
  for (let i = 0; i < count; i++) {
    const instance = await stores.instances.createInstance({ name: `idle ${i}`, apiToken: newApiToken(), createdAt: Date.now(), settings: defaultSettings() });
    const token = `device-${i}`;
    await stores.instances.updateInstance(instance.idInstance, { transportAuth: token, state: 'authorized', wid: `7997${String(i).padStart(7, '0')}@c.us` });
    journal.push(JSON.stringify({ op: 'device', device: { token, phone: `7997${String(i).padStart(7, '0')}`, sessionId: `wa${instance.idInstance}`, linkedAt: Date.now() } }));
    ids.push(instance.idInstance);
  }
  const content = { kind: 'text', text: 'queued' };
  for (let done = 0; done < queued; done += 20_000) {
    const batch = [];
    for (let j = 0; j < 20_000 && done + j < queued; j++) {
      batch.push({ idInstance: ids[(done + j) % ids.length], idMessage: newMessageId(), chatId: '79990000002@c.us', method: 'sendMessage', requestBody: { chatId: '79990000002@c.us', message: 'queued' }, content, acceptedAt: Date.now() });
    }
    await stores.queue.enqueueMessages(batch);
  }
  await stores.close();
  mkdirSync(join(dataDir, 'sandbox'), { recursive: true });
  writeFileSync(join(dataDir, 'sandbox', 'network.jsonl'), journal.join('\n') + '\n');
  return dataDir;
}

const serve = (dataDir) =>
  startChild(['bin/waypost.js', 'serve', '--port', '0', '--data-dir', dataDir, '--partner-token', 'bench-partner-token', '--log-level', 'warn'], /is listening on (\S+)/);

async function settledRss(server, count) {
  // Wait until every instance reports authorized, then let the process settle.
  for (let i = 0; i < 600; i++) {
    const list = await (await fetch(`${server.match[1]}/partner/getInstances/bench-partner-token`)).json();
    if (list.filter((x) => x.stateInstance === 'authorized').length >= count) break;
    await sleep(100);
  }
  await sleep(3_000);
  return rssOf(server.child.pid);
}

export async function runFootprint({ instances = 10_000, queued = 1_000_000 } = {}) {
  const empty = await serve(tempDir('footprint-empty'));
  const rssEmpty = await settledRss(empty, 0);
  await stopChild(empty.child);

  const idleDir = await seed(instances, 0);
  const idle = await serve(idleDir);
  const rssIdle = await settledRss(idle, instances);
  await stopChild(idle.child);

  const loadedDir = await seed(instances, queued);
  const loaded = await serve(loadedDir);
  const startupMs = loaded.readyMs;
  await stopChild(loaded.child, 'SIGKILL');

  const perInstanceKB = (rssIdle - rssEmpty) / instances / 1024;
  return {
    name: 'footprint',
    figures: {
      rssEmptyMB: Number((rssEmpty / 2 ** 20).toFixed(1)),
      rssWith10kLinkedMB: Number((rssIdle / 2 ** 20).toFixed(1)),
      perIdleInstanceKB: Number(perInstanceKB.toFixed(1)),
      startupWith10kInstancesAnd1MQueuedMs: Math.round(startupMs),
    },
    goal: '<= 50 KB per idle linked instance, start-up <= 3 s',
    met: perInstanceKB <= 50 && startupMs <= 3_000,
  };
}

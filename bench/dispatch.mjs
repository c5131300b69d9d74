// 2. Dispatch: 2,000 linked sandbox instances with 20 queued messages each, 500 ms delay, in one gateway
// process (embedded sandbox, notifications on). The instances are linked and their queues filled while the
// gateway is down; it then starts, reconnects them and sends. Achieved sends/s against the ideal (4,000/s),
// pacing error (actual gap minus configured gap) p50/p99, and the process's CPU share from the first send
// to the last. Goals: >= 95% of ideal, p99 <= 10 ms, < 50% of a core.
import { join } from 'node:path';
import { pino } from 'pino';
import { createGateway } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { systemClock } from '../dist/core/clock.js';
import { newMessageId } from '../dist/core/ids.js';
import { createSqliteStores } from '../dist/store/sqlite/sqlite-stores.js';
import { percentile, sleep, tempDir } from './lib.mjs';

const body = { chatId: '79990000002@c.us', message: 'Pick one', buttons: [{ buttonId: '1', buttonText: 'ok' }] };
const content = { kind: 'buttons', text: 'Pick one', buttons: [{ buttonId: '1', buttonText: 'ok', type: 'reply' }], numberedButtons: true };

async function linkedInstances(config, count) {
  const gateway = await createGateway(config, { logger: pino({ level: 'error' }), clock: systemClock });
  await gateway.start();
  for (let i = 0; i < count; i++) {
    const instance = await gateway.instances.create({ name: `bench ${i}` });
    const phone = `7998${String(i).padStart(7, '0')}`;
    // The instance's session opens in the background: ask for a code once it is up.
    let code;
    while (!code) code = await gateway.instances.pairingCode(instance, { phoneNumber: phone }).then((r) => r.code, () => sleep(5));
    gateway.sandbox.link({ phone, code });
  }
  while ((await gateway.instances.list()).some((i) => i.state !== 'authorized')) await sleep(50);
  const ids = (await gateway.instances.list()).map((i) => i.idInstance);
  await gateway.stop();
  return ids;
}

async function fillQueues(dataDir, ids, messagesEach) {
  const stores = createSqliteStores({ path: join(dataDir, 'waypost.sqlite') });
  for (let round = 0; round < messagesEach; round++) {
    await stores.queue.enqueueMessages(
      ids.map((idInstance) => ({ idInstance, idMessage: newMessageId(), chatId: body.chatId, method: 'sendButtons', requestBody: body, content, acceptedAt: Date.now() })),
    );
  }
  await stores.close();
}

export async function runDispatch({ instanceCount = 2_000, messagesEach = 20, delayMs = 500 } = {}) {
  const dataDir = tempDir('dispatch');
  const config = loadConfig(['--data-dir', dataDir, '--partner-token', 'bench-partner-token', '--log-level', 'error'], {});
  const ids = await linkedInstances(config, instanceCount);
  await fillQueues(dataDir, ids, messagesEach);

  const gateway = await createGateway(config, { logger: pino({ level: 'error' }), clock: systemClock });
  const sends = new Map();
  let cpuAtFirstSend;
  let wallAtFirstSend;
  gateway.events.subscribe((e) => {
    if (e.type !== 'messageStatus' || e.event.status !== 'sent') return;
    if (!cpuAtFirstSend) {
      cpuAtFirstSend = process.cpuUsage();
      wallAtFirstSend = performance.now();
    }
    const list = sends.get(e.event.idInstance) ?? [];
    list.push(e.event.at);
    sends.set(e.event.idInstance, list);
  });
  await gateway.start();
  const total = instanceCount * messagesEach;
  const deadline = performance.now() + 60_000;
  while ([...sends.values()].reduce((n, l) => n + l.length, 0) < total && performance.now() < deadline) await sleep(20);
  const cpu = process.cpuUsage(cpuAtFirstSend);
  const wallMs = performance.now() - wallAtFirstSend;
  await gateway.stop();

  const all = [...sends.values()].flat();
  const sent = all.length;
  const spanMs = Math.max(...all) - Math.min(...all) + delayMs;
  const achieved = (sent / spanMs) * 1000;
  const ideal = (instanceCount * 1000) / delayMs;
  const errors = [];
  for (const times of sends.values()) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) errors.push(times[i] - times[i - 1] - delayMs);
  }
  const cpuShare = (cpu.user + cpu.system) / 1000 / wallMs;
  const figures = {
    instances: instanceCount,
    messages: total,
    sent,
    achievedSendsPerSecond: Math.round(achieved),
    idealSendsPerSecond: ideal,
    percentOfIdeal: Number(((achieved / ideal) * 100).toFixed(1)),
    pacingErrorP50Ms: percentile(errors, 50),
    pacingErrorP99Ms: percentile(errors, 99),
    cpuShareOfOneCore: Number(cpuShare.toFixed(2)),
  };
  return {
    name: 'dispatch',
    figures,
    goal: '>= 95% of ideal sends/s, p99 pacing error <= 10 ms, CPU < 0.5 core',
    met: sent === total && figures.percentOfIdeal >= 95 && figures.pacingErrorP99Ms <= 10 && cpuShare < 0.5,
  };
}

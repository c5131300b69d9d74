// 3. Queue depth: p99 latency of accepting a message (committed before the answer) with an empty store
// and with 1,000,000 queued messages. Goal: <= 1.5x.
import { pino } from 'pino';
import { createGateway } from '../dist/app.js';
import { loadConfig } from '../dist/config/config.js';
import { systemClock } from '../dist/core/clock.js';
import { newMessageId } from '../dist/core/ids.js';
import { percentile, tempDir } from './lib.mjs';

const body = { chatId: '79990000002@c.us', message: 'Pick one', buttons: [{ buttonId: '1', buttonText: 'ok' }] };
const content = { kind: 'buttons', text: 'Pick one', buttons: [{ buttonId: '1', buttonText: 'ok', type: 'reply' }] };

async function acceptLatencies(gateway, instance, samples) {
  const latencies = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await gateway.messages.accept(instance, { method: 'sendButtons', chatId: body.chatId, requestBody: body, content });
    latencies.push(performance.now() - started);
  }
  return latencies;
}

export async function runQueueDepth({ queued = 1_000_000, samples = 3_000 } = {}) {
  const config = loadConfig(['--data-dir', tempDir('depth'), '--partner-token', 'bench-partner-token', '--log-level', 'error'], {});
  const gateway = await createGateway(config, { logger: pino({ level: 'error' }), clock: systemClock });
  await gateway.start();
  const instance = await gateway.instances.create({ name: 'measured' });
  await acceptLatencies(gateway, instance, 500); // warm-up
  const empty = await acceptLatencies(gateway, instance, samples);

  // Fill the store: 1,000 other instances with 1,000 waiting messages each (none linked, none sent).
  const fillStarted = performance.now();
  const owners = [];
  for (let i = 0; i < 1_000; i++) owners.push(await gateway.instances.create({ name: `deep ${i}` }));
  for (let done = 0; done < queued; done += 20_000) {
    const batch = [];
    for (let j = 0; j < 20_000; j++) {
      batch.push({
        idInstance: owners[(done + j) % owners.length].idInstance,
        idMessage: newMessageId(),
        chatId: body.chatId,
        method: 'sendButtons',
        requestBody: body,
        content,
        acceptedAt: Date.now(),
      });
    }
    await gateway.stores.queue.enqueueMessages(batch);
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  const deep = await acceptLatencies(gateway, instance, samples);
  await gateway.stop();

  const ratio = percentile(deep, 99) / percentile(empty, 99);
  return {
    name: 'queue-depth',
    figures: {
      emptyP50Ms: Number(percentile(empty, 50).toFixed(3)),
      emptyP99Ms: Number(percentile(empty, 99).toFixed(3)),
      queuedMessages: queued,
      deepP50Ms: Number(percentile(deep, 50).toFixed(3)),
      deepP99Ms: Number(percentile(deep, 99).toFixed(3)),
      p99Ratio: Number(ratio.toFixed(2)),
      fillSeconds: Number(fillSeconds.toFixed(1)),
    },
    goal: 'enqueue p99 with 1,000,000 queued <= 1.5x empty',
    met: ratio <= 1.5,
  };
}

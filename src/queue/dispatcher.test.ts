import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../core/fake-clock.js';
import type { Instance } from '../instances/instance.js';
import type { MessageStatusEvent } from '../messages/message-events.js';
import { createSqliteStores } from '../store/sqlite/sqlite-stores.js';
import type { Stores } from '../store/stores.js';
import { aButtonsMessage, aNewInstance } from '../testing/builders.js';
import { createRecordingTransport } from '../testing/recording-transport.js';
import { Dispatcher } from './dispatcher.js';

const hour = 3_600_000;

describe('dispatcher', () => {
  let clock: FakeClock;
  let stores: Stores;
  let recorder: ReturnType<typeof createRecordingTransport>;
  let statuses: MessageStatusEvent[];
  let dispatcher: Dispatcher;
  let instance: Instance;

  function newDispatcher(queue: Stores['queue'] = stores.queue): Dispatcher {
    return new Dispatcher(
      { queue, node: 'node-a', transport: recorder.transport, clock, onStatus: (e) => statuses.push(e), onError: () => {} },
      { retentionMs: 24 * hour, expirySweepMs: 60_000 },
    );
  }

  async function enqueue(count: number, acceptedAt = clock.now()): Promise<string[]> {
    const messages = Array.from({ length: count }, () => aButtonsMessage(instance.idInstance, { acceptedAt }));
    await stores.queue.enqueueMessages(messages);
    dispatcher.wake(instance.idInstance);
    return messages.map((m) => m.idMessage);
  }

  async function authorize(delayMs = 500): Promise<void> {
    instance = (await stores.instances.updateInstance(instance.idInstance, {
      state: 'authorized',
      settings: { ...instance.settings, delaySendMessagesMilliseconds: delayMs },
    })) as Instance;
    dispatcher.track(instance);
  }

  beforeEach(async () => {
    clock = new FakeClock();
    stores = createSqliteStores({ path: ':memory:' });
    recorder = createRecordingTransport(clock);
    statuses = [];
    instance = await stores.instances.createInstance(aNewInstance());
    dispatcher = newDispatcher();
    await dispatcher.start();
    dispatcher.track(instance);
  });

  afterEach(async () => {
    await dispatcher.stop();
    await stores.close();
  });

  it('sends in order, one delay apart, counted from the previous send', async () => {
    await authorize(1_000);
    const ids = await enqueue(3);
    await clock.advance(5_000);
    assert.deepEqual(recorder.sends.map((s) => s.idMessage), ids);
    const t0 = recorder.sends[0]!.at;
    assert.deepEqual(recorder.sends.map((s) => s.at - t0), [0, 1_000, 2_000]);
    assert.deepEqual(statuses.map((s) => s.status), ['sent', 'sent', 'sent']);
  });

  it('sends at once when more than the delay has passed since the last send', async () => {
    await authorize(1_000);
    await enqueue(1);
    await clock.advance(10_000);
    await enqueue(1);
    await clock.advance(0);
    assert.equal(recorder.sends.length, 2);
    assert.equal(recorder.sends[1]!.at - recorder.sends[0]!.at, 10_000);
  });

  it('applies a lowered delay to the next send at once', async () => {
    await authorize(60_000);
    await enqueue(2);
    await clock.advance(1_000);
    assert.equal(recorder.sends.length, 1);
    instance = { ...instance, settings: { ...instance.settings, delaySendMessagesMilliseconds: 2_000 } };
    dispatcher.track(instance);
    await clock.advance(1_000);
    assert.equal(recorder.sends.length, 2, 'sent 2 s after the first, not 60 s');
    assert.equal(recorder.sends[1]!.at - recorder.sends[0]!.at, 2_000);
  });

  it('shows typing for a typing time before the message leaves; the time adds to the pacing gap', async () => {
    await authorize(1_000);
    const plain = aButtonsMessage(instance.idInstance, { acceptedAt: clock.now() });
    const typed = aButtonsMessage(instance.idInstance, { acceptedAt: clock.now() });
    typed.content = { ...typed.content, typingTimeMs: 3_000 };
    const next = aButtonsMessage(instance.idInstance, { acceptedAt: clock.now() });
    await stores.queue.enqueueMessages([plain, typed, next]);
    dispatcher.wake(instance.idInstance);
    await clock.advance(10_000);
    const t0 = recorder.sends[0]!.at;
    assert.deepEqual(recorder.sends.map((s) => s.at - t0), [0, 4_000, 5_000], 'delay, then typing, then the message; the next one delay later');
    assert.deepEqual(recorder.typing.map((t) => t.at - t0), [1_000], 'typing shown when the message was due');
  });

  it('archives the chat after a message that asks for it is sent', async () => {
    await authorize();
    const message = aButtonsMessage(instance.idInstance, { acceptedAt: clock.now() });
    message.content = { ...message.content, archiveChat: true };
    await stores.queue.enqueueMessages([message]);
    dispatcher.wake(instance.idInstance);
    await enqueue(1);
    await clock.advance(5_000);
    assert.deepEqual(recorder.archived, [{ chatId: message.chatId, idMessage: message.idMessage }], 'only the one that asked');
  });

  it('holds messages while the instance is not authorized and sends the moment it is', async () => {
    const ids = await enqueue(2);
    await clock.advance(60 * 60_000);
    assert.equal(recorder.sends.length, 0);
    const linkedAt = clock.now();
    await authorize(500);
    await clock.advance(2_000);
    assert.deepEqual(recorder.sends.map((s) => s.idMessage), ids);
    assert.equal(recorder.sends[0]!.at, linkedAt);
  });

  it('records a send the store first refused (a database restart) before sending the next message', async () => {
    await dispatcher.stop();
    let refusals = 2;
    const flaky = Object.create(stores.queue) as Stores['queue'];
    flaky.finishMessages = async (items) => {
      if (refusals-- > 0) throw new Error('the database cannot be reached');
      return stores.queue.finishMessages(items);
    };
    dispatcher = newDispatcher(flaky);
    await dispatcher.start();
    await authorize();
    const ids = await enqueue(2);
    await clock.advance(30_000);
    assert.deepEqual(recorder.sends.map((s) => s.idMessage), ids, 'each sent once: the first was not sent again');
    for (const id of ids) assert.equal((await stores.messages.getMessage(instance.idInstance, id))?.status, 'sent');
  });

  it('keeps no timer per idle instance', async () => {
    await authorize();
    await enqueue(1);
    await clock.advance(1_000);
    assert.equal(clock.pendingTimers(), 1, 'only the gateway-wide expiry sweep');
  });

  it('never sends a message older than the retention: it expires', async () => {
    const [old] = await enqueue(1, clock.now() - 25 * hour);
    const [fresh] = await enqueue(1);
    await authorize();
    await clock.advance(1_000);
    assert.deepEqual(recorder.sends.map((s) => s.idMessage), [fresh]);
    assert.deepEqual(statuses.find((s) => s.idMessage === old)?.status, 'expired');
    assert.equal((await stores.messages.getMessage(instance.idInstance, old!))?.status, 'expired');
  });

  it('expires messages of an instance that stays unlinked past the retention', async () => {
    const [id] = await enqueue(1);
    await clock.advance(24 * hour + 60_000);
    assert.equal(recorder.sends.length, 0);
    assert.equal(statuses[0]?.idMessage, id);
    assert.equal(statuses[0]?.status, 'expired');
  });

  it('re-sends the in-flight message with the same idMessage after a crash', async () => {
    await authorize();
    const ids = await enqueue(2);
    // A crash mid-send: the first message was claimed by a process that died before finishing it.
    await dispatcher.stop();
    await stores.queue.claimNextMessages([{ idInstance: instance.idInstance, epoch: 1 }], { node: 'node-gone', now: clock.now() });
    dispatcher = newDispatcher();
    await dispatcher.start();
    dispatcher.track((await stores.instances.getInstance(instance.idInstance))!);
    await clock.advance(2_000);
    assert.deepEqual(recorder.sends.map((s) => s.idMessage), ids);
    assert.equal((await stores.messages.getMessage(instance.idInstance, ids[0]!))?.attempts, 2);
  });

  it('keeps pacing across a restart', async () => {
    await authorize(10_000);
    await enqueue(1);
    await clock.advance(0);
    await dispatcher.stop();
    dispatcher = newDispatcher();
    await dispatcher.start();
    dispatcher.track((await stores.instances.getInstance(instance.idInstance))!);
    await enqueue(1);
    await clock.advance(20_000);
    assert.equal(recorder.sends[1]!.at - recorder.sends[0]!.at, 10_000);
  });

  it('retries a send that could not happen without losing or reordering anything', async () => {
    await authorize(500);
    recorder.answerNext({ outcome: 'retry', description: 'not connected' });
    const ids = await enqueue(2);
    await clock.advance(10_000);
    assert.deepEqual(recorder.sends.map((s) => s.idMessage), [ids[0], ids[0], ids[1]]);
    assert.deepEqual(statuses.map((s) => s.status), ['sent', 'sent']);
  });

  it('records a number without WhatsApp as noAccount and goes on with the queue', async () => {
    await authorize(500);
    recorder.answerNext({ outcome: 'noAccount' });
    const ids = await enqueue(2);
    await clock.advance(2_000);
    assert.deepEqual(statuses.map((s) => [s.idMessage, s.status]), [[ids[0], 'noAccount'], [ids[1], 'sent']]);
  });

  it('stops sending when the instance loses its link, and resumes where it left off', async () => {
    await authorize(1_000);
    const ids = await enqueue(4);
    await clock.advance(1_500);
    assert.equal(recorder.sends.length, 2);
    dispatcher.track({ ...instance, state: 'starting' });
    await clock.advance(10_000);
    assert.equal(recorder.sends.length, 2);
    dispatcher.track(instance);
    await clock.advance(10_000);
    assert.deepEqual(recorder.sends.map((s) => s.idMessage), ids);
  });

  it('paces many instances independently', async () => {
    const others = await Promise.all([1, 2, 3].map(() => stores.instances.createInstance(aNewInstance())));
    for (const other of others) {
      const linked = (await stores.instances.updateInstance(other.idInstance, { state: 'authorized' }))!;
      dispatcher.track(linked);
      await stores.queue.enqueueMessages([aButtonsMessage(other.idInstance), aButtonsMessage(other.idInstance)]);
      dispatcher.wake(other.idInstance);
    }
    await clock.advance(600);
    assert.equal(recorder.sends.length, 6);
    for (const other of others) {
      const times = recorder.sends.filter((s) => s.idInstance === other.idInstance).map((s) => s.at);
      assert.equal(times[1]! - times[0]!, 500);
    }
  });
});

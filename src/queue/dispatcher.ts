// The send dispatcher: one FIFO per instance, at most one message in flight each, paced by the
// instance's delay counted from its previous send, held while the instance is not authorized.
// Event-driven: a min-heap of "next due" instances and ONE timer for the earliest of them; an idle
// instance costs a few bytes and no timer. Wake-ups are hints: the store is the truth.

import { backoffDelayMs } from '../core/backoff.js';
import { createGroupCommit } from '../core/group-commit.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { KeyedMinHeap } from '../core/min-heap.js';
import type { Instance } from '../instances/instance.js';
import { FileUnavailable } from '../files/file-fetch.js';
import type { FileService } from '../files/file-service.js';
import { expiredDescription, type OutgoingMessage } from '../messages/message.js';
import type { MessageStatusEvent } from '../messages/message-events.js';
import type { FinishItem, QueueClaim, QueueStore, SendOutcome } from './queue-store.js';
import type { SendResult, Transport } from '../transports/transport.js';

export interface DispatcherDeps {
  queue: QueueStore;
  /** This node's id: its claims carry it, so a claim of a node that is gone is taken over. */
  node: string;
  transport: Pick<Transport, 'send' | 'showTyping' | 'archiveChat'>;
  clock: Clock;
  /** Reads a file message's bytes as it leaves. */
  files?: Pick<FileService, 'bytesForSend'>;
  onStatus: (event: MessageStatusEvent) => void;
  onError: (error: unknown, context: string) => void;
  /** How late a send started after it was due (the delay since the previous send had passed). */
  onLag?: (ms: number) => void;
}

export interface DispatcherOptions {
  /** Messages older than this are never sent; they expire. */
  retentionMs: number;
  /** How often waiting messages are checked for expiry (one timer for the whole gateway). */
  expirySweepMs: number;
}

interface Lane {
  /** The term of this node's ownership of the instance: its claims carry it. */
  epoch: number;
  authorized: boolean;
  delayMs: number;
  lastSendAt: number;
  inFlight: boolean;
  retryAttempt: number;
  /** When the send now in flight was due (the delay after the previous send, or when work came). */
  dueAt: number;
}

const retryBackoff = { baseMs: 1_000, maxMs: 60_000 };
const storeRetryBackoff = { baseMs: 200, maxMs: 5_000 };

/** What a lane does after a run: wait for work, send the next after the delay, retry later, or go again now. */
type RunResult = 'idle' | 'sent' | 'retry' | 'again';

export class Dispatcher {
  private readonly lanes = new Map<number, Lane>();
  private readonly due = new KeyedMinHeap<number>();
  private timer: TimerHandle | null = null;
  private timerDueAt = Infinity;
  private sweepTimer: TimerHandle | null = null;
  private readonly running = new Set<Promise<void>>();
  /** The send (or expiry) in flight per instance, to wait for on a hand-over. */
  private readonly sending = new Map<number, Promise<void>>();
  private stopped = true;
  private readonly finishCommit: (item: FinishItem) => Promise<boolean>;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly options: DispatcherOptions,
  ) {
    this.finishCommit = createGroupCommit<FinishItem, boolean>((items) => deps.queue.finishMessages(items), {
      maxBatch: 5_000,
      maxWaiting: Number.POSITIVE_INFINITY,
    });
  }

  /**
   * Schedules the instances with work. Instances are learnt through track(), as their transport sessions
   * report their state; a message left in flight by a process that is gone is claimed again (same id).
   */
  async start(): Promise<void> {
    this.stopped = false;
    for (const idInstance of (await this.deps.queue.waitingMessageCounts()).keys()) this.wake(idInstance);
    this.scheduleSweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.timerDueAt = Infinity;
    this.sweepTimer?.cancel();
    await Promise.allSettled([...this.running]);
  }

  /**
   * Registers (or refreshes) what the dispatcher needs to know of an instance this node sends for, in
   * the given epoch of its ownership (a single node owns every instance in epoch 1).
   */
  track(instance: Pick<Instance, 'idInstance' | 'state' | 'settings' | 'lastSendAt'>, epoch = 1): void {
    const lane = this.lanes.get(instance.idInstance);
    const authorized = instance.state === 'authorized';
    const delayMs = instance.settings.delaySendMessagesMilliseconds;
    if (lane) {
      // A changed delay applies to the next send at once: its due time is counted again (not while a
      // failed send waits for its retry).
      if (lane.delayMs !== delayMs && lane.retryAttempt === 0) this.due.delete(instance.idInstance);
      lane.authorized = authorized;
      lane.delayMs = delayMs;
      lane.epoch = epoch;
    } else {
      this.lanes.set(instance.idInstance, {
        epoch,
        authorized,
        delayMs,
        lastSendAt: instance.lastSendAt ?? 0,
        inFlight: false,
        retryAttempt: 0,
        dueAt: 0,
      });
    }
    if (authorized) this.wake(instance.idInstance);
    else this.due.delete(instance.idInstance);
  }

  forget(idInstance: number): void {
    this.lanes.delete(idInstance);
    this.due.delete(idInstance);
  }

  /** Stops sending for the instance and waits for its send in flight, if any, to end (a hand-over). */
  async release(idInstance: number): Promise<void> {
    this.forget(idInstance);
    await this.sending.get(idInstance);
  }

  /** A hint that the instance may have work (a message was enqueued, it was authorized, ...). */
  wake(idInstance: number): void {
    const lane = this.lanes.get(idInstance);
    if (!lane || !lane.authorized || lane.inFlight || this.stopped) return;
    if (this.due.has(idInstance)) return;
    this.schedule(idInstance, Math.max(this.deps.clock.now(), lane.lastSendAt + lane.delayMs));
  }

  private schedule(idInstance: number, at: number): void {
    this.due.set(idInstance, at);
    this.armTimer();
  }

  private armTimer(): void {
    const next = this.due.peek();
    if (!next || this.stopped) return;
    if (this.timer && this.timerDueAt <= next.priority) return;
    this.timer?.cancel();
    this.timerDueAt = next.priority;
    this.timer = this.deps.clock.setTimer(() => this.onTimer(), next.priority - this.deps.clock.now());
  }

  private onTimer(): void {
    this.timer = null;
    this.timerDueAt = Infinity;
    const now = this.deps.clock.now();
    const due: number[] = [];
    for (let next = this.due.peek(); next && next.priority <= now; next = this.due.peek()) {
      this.due.pop();
      const lane = this.lanes.get(next.key);
      if (!lane || !lane.authorized || lane.inFlight) continue;
      lane.inFlight = true;
      lane.dueAt = next.priority;
      due.push(next.key);
    }
    if (due.length > 0) this.runBatch(due);
    this.armTimer();
  }

  /** Claims the heads of every due instance in one transaction, then sends them side by side. */
  private runBatch(idInstances: number[]): void {
    const run = this.claimAndSend(idInstances).catch((error) => {
      this.deps.onError(error, `dispatch for ${idInstances.length} instances`);
      for (const idInstance of idInstances) this.laneDone(idInstance, 'retry');
    });
    const tracked = run.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private async claimAndSend(idInstances: number[]): Promise<void> {
    const claimedAt = this.deps.clock.now();
    const requests = idInstances.map((idInstance) => ({ idInstance, epoch: this.lanes.get(idInstance)?.epoch ?? 0 }));
    const claimed = await this.deps.queue.claimNextMessages(requests, { node: this.deps.node, now: claimedAt });
    const heads = new Map(claimed.map((message) => [message.idInstance, message]));
    await Promise.all(
      idInstances.map((idInstance) => {
        const send = this.sendHead(idInstance, heads.get(idInstance), claimedAt);
        this.sending.set(idInstance, send);
        return send.finally(() => {
          if (this.sending.get(idInstance) === send) this.sending.delete(idInstance);
        });
      }),
    );
  }

  /** Sends one claimed head (or expires it), then tells the lane what comes next. */
  private async sendHead(idInstance: number, message: OutgoingMessage | undefined, claimedAt: number): Promise<void> {
    let next: RunResult;
    try {
      next = message ? await this.sendOrExpire(message, claimedAt) : 'idle';
    } catch (error) {
      this.deps.onError(error, `dispatch for instance ${idInstance}`);
      next = 'retry';
    }
    this.laneDone(idInstance, next);
  }

  private async sendOrExpire(message: OutgoingMessage, claimedAt: number): Promise<RunResult> {
    if (message.acceptedAt < claimedAt - this.options.retentionMs) {
      return (await this.finish(message, { status: 'expired', at: claimedAt, description: expiredDescription })) ? 'again' : 'idle';
    }
    const dueAt = this.lanes.get(message.idInstance)?.dueAt;
    if (dueAt !== undefined) this.deps.onLag?.(this.deps.clock.now() - dueAt);
    await this.showTyping(message);
    const startedAt = this.deps.clock.now();
    let result: SendResult;
    try {
      result = await this.deps.transport.send(message.idInstance, {
        idMessage: message.idMessage,
        chatId: message.chatId,
        content: message.content,
        ...(message.content.file ? { file: await this.fileBytes(message) } : {}),
      });
    } catch (error) {
      // A file that cannot be had (a dead link, too large) fails the message; anything else is retried.
      result =
        error instanceof FileUnavailable
          ? { outcome: 'failed', description: error.message }
          : { outcome: 'retry', description: (error as Error).message };
    }
    if (result.outcome === 'retry') {
      const release = { idInstance: message.idInstance, idMessage: message.idMessage, claim: this.claimOf(message) };
      await this.untilStored(message.idInstance, 'giving a message back to its queue', () => this.deps.queue.releaseMessages([release]));
      return 'retry';
    }
    const lane = this.lanes.get(message.idInstance);
    if (lane) lane.lastSendAt = startedAt;
    if (result.outcome === 'sent' && message.content.archiveChat) this.archiveChat(message, startedAt);
    // A claim taken over meanwhile (this node lost the instance) records nothing: the new owner sends.
    return (await this.finish(message, toOutcome(result, startedAt))) ? 'sent' : 'idle';
  }

  private async fileBytes(message: OutgoingMessage): Promise<{ bytes: Buffer; mimeType: string }> {
    const file = message.content.file!;
    if (!this.deps.files) throw new FileUnavailable('this gateway keeps no files');
    return this.deps.files.bytesForSend(file.urlFile, file.fileName);
  }

  /**
   * A message with a typing time shows "typing..." that long before it leaves (best effort: a network
   * that cannot show it still waits), so the time adds to the pacing gap, as on GREEN-API.
   */
  private async showTyping(message: OutgoingMessage): Promise<void> {
    const typingMs = message.content.typingTimeMs;
    if (!typingMs) return;
    await this.deps.transport.showTyping?.(message.idInstance, message.chatId).catch((error) => {
      this.deps.onError(error, `showing typing for instance ${message.idInstance}`);
    });
    await new Promise<void>((resolve) => this.deps.clock.setTimer(resolve, typingMs));
  }

  /** Archiving is a courtesy after the send: its failure changes nothing about the message. */
  private archiveChat(message: OutgoingMessage, at: number): void {
    const last = { idMessage: message.idMessage, at };
    void this.deps.transport.archiveChat?.(message.idInstance, message.chatId, last)?.catch((error) => {
      this.deps.onError(error, `archiving a chat for instance ${message.idInstance}`);
    });
  }

  private laneDone(idInstance: number, next: RunResult): void {
    const lane = this.lanes.get(idInstance);
    if (!lane) return;
    lane.inFlight = false;
    if (this.stopped || !lane.authorized) return;
    if (next === 'sent') {
      lane.retryAttempt = 0;
      this.schedule(idInstance, Math.max(this.deps.clock.now(), lane.lastSendAt + lane.delayMs));
    } else if (next === 'again') {
      this.schedule(idInstance, this.deps.clock.now());
    } else if (next === 'retry') {
      const wait = Math.max(lane.delayMs, backoffDelayMs(lane.retryAttempt++, retryBackoff));
      this.schedule(idInstance, this.deps.clock.now() + wait);
    }
  }

  /** The claim this node holds on a message it claimed: its node id and the lane's epoch. */
  private claimOf(message: OutgoingMessage): QueueClaim {
    return { node: this.deps.node, epoch: message.claimEpoch ?? 0 };
  }

  /** Records the outcome (many outcomes share one transaction), then reports it; false if the claim was lost. */
  private async finish(message: OutgoingMessage, outcome: SendOutcome): Promise<boolean> {
    const { idInstance, idMessage } = message;
    const item = { idInstance, idMessage, claim: this.claimOf(message), outcome };
    const recorded = await this.untilStored(idInstance, 'recording a send', () => this.finishCommit(item));
    if (recorded) this.deps.onStatus(statusEvent(message, outcome));
    return recorded;
  }

  /**
   * A message this node holds stays in flight until its fate is recorded: a write the store refused (the
   * database restarting) is tried again, the lane waiting, unless the node stops or lets the instance go
   * (then whoever sends for it next sends the message again, with the same id).
   */
  private async untilStored<T>(idInstance: number, what: string, write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (this.stopped || !this.lanes.has(idInstance)) throw error;
        this.deps.onError(error, `${what} for instance ${idInstance} (trying again)`);
        await new Promise<void>((resolve) => this.deps.clock.setTimer(resolve, backoffDelayMs(attempt, storeRetryBackoff)));
      }
    }
  }

  private scheduleSweep(): void {
    if (this.stopped) return;
    this.sweepTimer = this.deps.clock.setTimer(() => {
      void this.sweepExpired().finally(() => this.scheduleSweep());
    }, this.options.expirySweepMs);
  }

  /** Expires messages of instances that stay unlinked past the retention, so their fate is known. */
  async sweepExpired(): Promise<void> {
    const now = this.deps.clock.now();
    try {
      const end = { status: 'expired' as const, at: now, description: expiredDescription };
      const expired = await this.deps.queue.expireMessages(now - this.options.retentionMs, this.deps.node, end);
      for (const message of expired) {
        this.deps.onStatus(statusEvent(message, { status: 'expired', at: now, description: expiredDescription }));
      }
    } catch (error) {
      this.deps.onError(error, 'expiry sweep');
    }
  }
}

function statusEvent(message: OutgoingMessage, outcome: SendOutcome): MessageStatusEvent {
  return {
    idInstance: message.idInstance,
    idMessage: message.idMessage,
    chatId: message.chatId,
    status: outcome.status,
    at: outcome.at,
    description: outcome.description ?? null,
    ...(outcome.status === 'sent' ? { content: message.content } : {}),
  };
}

function toOutcome(result: Exclude<SendResult, { outcome: 'retry' }>, at: number): SendOutcome {
  switch (result.outcome) {
    case 'sent':
      return { status: 'sent', at };
    case 'noAccount':
      return { status: 'noAccount', at, description: 'the number has no WhatsApp account' };
    case 'notInGroup':
      return { status: 'notInGroup', at, description: 'the instance is not a member of the group' };
    case 'failed':
      return { status: 'failed', at, description: result.description };
  }
}

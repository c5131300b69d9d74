// The store port: everything the gateway keeps, cut from its use cases. Asynchronous everywhere so
// that SQLite and PostgreSQL can stand behind it alike; no connection or transaction leaks through it.

import type { Instance, InstancePatch, NewInstance } from '../instances/instance.js';
import type { MessageStatus, NewOutgoingMessage, OutgoingMessage } from '../messages/message.js';

export interface ClaimOptions {
  now: number;
  /** How long the claim holds before another claimer may take the message again. */
  leaseMs: number;
}

export interface SendOutcome {
  status: Extract<MessageStatus, 'sent' | 'failed' | 'noAccount' | 'notInGroup' | 'expired'>;
  /** When the send began (pacing counts from here) or, for `expired`, when it was found expired. */
  at: number;
  description?: string;
}

export interface StatusChange {
  idInstance: number;
  idMessage: string;
  status: MessageStatus;
  at: number;
}

export interface StatusChangeResult {
  moved: boolean;
  message: OutgoingMessage | undefined;
}

export interface FinishItem {
  idInstance: number;
  idMessage: string;
  outcome: SendOutcome;
}

export interface Store {
  createInstance(input: NewInstance): Promise<Instance>;
  getInstance(idInstance: number): Promise<Instance | undefined>;
  /** Every instance, deleted ones included, oldest first. */
  listInstances(): Promise<Instance[]>;
  updateInstance(idInstance: number, patch: InstancePatch): Promise<Instance | undefined>;
  /** Marks the instance deleted and drops its queue; false when there is no such live instance. */
  deleteInstance(idInstance: number, at: number): Promise<boolean>;

  /** Commits all the messages in one transaction: when it resolves, every one of them is durable. */
  enqueueMessages(messages: NewOutgoingMessage[]): Promise<void>;
  /**
   * Takes the head of the instance's queue for sending, if it is free: oldest first, and nothing while
   * another claim on the head is still within its lease (one message in flight per instance).
   */
  claimNextMessage(idInstance: number, options: ClaimOptions): Promise<OutgoingMessage | undefined>;
  /** The same for many instances in one transaction: at most one message each, in no particular order. */
  claimNextMessages(idInstances: readonly number[], options: ClaimOptions): Promise<OutgoingMessage[]>;
  /** Ends an in-flight message with its outcome; a send outcome also records the instance's last send. */
  finishMessage(idInstance: number, idMessage: string, outcome: SendOutcome): Promise<void>;
  /** The same for many messages in one transaction. */
  finishMessages(items: readonly FinishItem[]): Promise<void>;
  /** Gives an in-flight message back to the head of its queue (the send could not start). */
  releaseMessage(idInstance: number, idMessage: string): Promise<void>;
  /** Moves a message's status forward (receipts); false when it would go backwards or is unknown. */
  advanceMessageStatus(idInstance: number, idMessage: string, status: MessageStatus, at: number): Promise<boolean>;
  /** The same for many receipts in one transaction; each answer carries the message as it now stands. */
  advanceMessageStatuses(items: readonly StatusChange[]): Promise<StatusChangeResult[]>;
  getMessage(idInstance: number, idMessage: string): Promise<OutgoingMessage | undefined>;
  /** Waiting messages (queued or in flight) in send order. */
  listQueuedMessages(idInstance: number, limit: number): Promise<OutgoingMessage[]>;
  clearQueue(idInstance: number, at: number): Promise<number>;
  /** Marks waiting messages accepted before the cutoff as expired (not one being sent) and returns them. */
  expireMessages(acceptedBefore: number, at: number): Promise<OutgoingMessage[]>;
  /** Instances that have waiting messages (to schedule at start-up). */
  instancesWithWaitingMessages(): Promise<number[]>;
  /** Returns every in-flight claim to its queue (at start-up: the process that held them is gone). */
  releaseAllClaims(): Promise<number>;
  close(): Promise<void>;
}

// The send queue's port: one FIFO of outgoing messages per instance, claimed head by head by the node
// that sends for the instance. A claim names its node and the epoch of that node's ownership of the
// instance: a claim of another node or of an earlier epoch belongs to a sender that is gone (a crash, a
// failover), so its message may be claimed again, and that sender's late outcome no longer counts.

import type { MessageStatus, NewOutgoingMessage, OutgoingMessage } from '../messages/message.js';

/** Who holds an in-flight message: a node, in one term of its ownership of the instance. */
export interface QueueClaim {
  node: string;
  epoch: number;
}

export interface ClaimRequest {
  idInstance: number;
  /** The claimer's ownership epoch of this instance. */
  epoch: number;
}

export interface SendOutcome {
  status: Extract<MessageStatus, 'sent' | 'failed' | 'noAccount' | 'notInGroup' | 'expired'>;
  /** When the send began (pacing counts from here) or, for `expired`, when it was found expired. */
  at: number;
  description?: string;
}

export interface FinishItem {
  idInstance: number;
  idMessage: string;
  claim: QueueClaim;
  outcome: SendOutcome;
}

export interface ReleaseItem {
  idInstance: number;
  idMessage: string;
  claim: QueueClaim;
}

/** How waiting messages end without being sent (queue cleared, instance deleted, retention passed). */
export interface WaitingEnd {
  status: Extract<MessageStatus, 'failed' | 'expired'>;
  at: number;
  description: string;
}

export interface QueueStore {
  /** Commits all the messages in one transaction: when it resolves, every one of them is durable. */
  enqueueMessages(messages: readonly NewOutgoingMessage[]): Promise<void>;
  /**
   * Claims the head of each instance's queue, in one transaction, at most one message each. A head in
   * flight under the same node and epoch is left alone (one message in flight per instance); a head
   * claimed by another node or an earlier epoch is taken over, with the same idMessage.
   */
  claimNextMessages(requests: readonly ClaimRequest[], options: { node: string; now: number }): Promise<OutgoingMessage[]>;
  /**
   * Ends in-flight messages with their outcomes in one transaction; a send outcome also records the
   * instance's last send (pacing). Each answer is false when the claim was no longer held (taken over).
   */
  finishMessages(items: readonly FinishItem[]): Promise<boolean[]>;
  /** Gives in-flight messages back to the head of their queues (the send could not start). */
  releaseMessages(items: readonly ReleaseItem[]): Promise<void>;
  /** Waiting messages (queued or in flight) in send order. */
  listQueuedMessages(idInstance: number, limit: number): Promise<OutgoingMessage[]>;
  /** Ends every waiting message of the instance (clearMessagesQueue) and returns them, ended, in queue order. */
  endWaitingMessages(idInstance: number, end: WaitingEnd): Promise<OutgoingMessage[]>;
  /**
   * Ends waiting messages accepted before the cutoff and returns them, ended: queued ones, and in-flight
   * ones whose claim is not the given node's (their sender is gone; the node's own are being sent now).
   */
  expireMessages(acceptedBefore: number, node: string, end: WaitingEnd): Promise<OutgoingMessage[]>;
  /**
   * How many messages wait (queued or in flight) per instance that has any (or only the one given): to
   * schedule, for getMessagesCount and for metrics.
   */
  waitingMessageCounts(idInstance?: number): Promise<Map<number, number>>;
}

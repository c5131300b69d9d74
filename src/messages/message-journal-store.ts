// The message journal's port: what arrived from phones, what the API sent, per chat and over time, and
// which buttons messages were answered.

import type { OutgoingMessage } from './message.js';

export interface IncomingRecord {
  idInstance: number;
  idMessage: string;
  chatId: string;
  sender: string;
  senderName: string;
  receivedAt: number;
  /** GREEN-API's messageData of the incoming notification. */
  messageData: Record<string, unknown>;
}

export interface MessageJournalStore {
  /** False when a message with this id was already recorded (a duplicate arrival). */
  recordIncoming(record: IncomingRecord): Promise<boolean>;
  getIncoming(idInstance: number, idMessage: string): Promise<IncomingRecord | undefined>;
  listIncomingSince(idInstance: number, since: number): Promise<IncomingRecord[]>;
  listOutgoingSince(idInstance: number, since: number): Promise<OutgoingMessage[]>;
  /** The newest messages of a chat, newest first. */
  listIncomingInChat(idInstance: number, chatId: string, limit: number): Promise<IncomingRecord[]>;
  listOutgoingInChat(idInstance: number, chatId: string, limit: number): Promise<OutgoingMessage[]>;
  /** The newest reply-buttons message of the chat that went out (answered or not). */
  latestButtonsMessage(idInstance: number, chatId: string): Promise<OutgoingMessage | undefined>;
  /**
   * Records a voter's choice in a poll (replacing their last one; none takes the vote back) and answers
   * every voter's current choice, in the order they first voted.
   */
  recordPollVote(idInstance: number, pollId: string, vote: { voter: string; options: string[]; at: number }): Promise<Map<string, string[]>>;
  /** Records the answer once; false when the message was answered already (or is unknown). */
  markAnswered(idInstance: number, idMessage: string, buttonId: string, at: number): Promise<boolean>;
}

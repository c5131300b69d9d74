// The message journal on SQLite: incoming messages, outgoing ones by chat and time, answered buttons.

import type Database from 'better-sqlite3';
import type { OutgoingMessage } from '../../messages/message.js';
import type { IncomingRecord, MessageJournalStore } from '../../messages/message-journal-store.js';
import { toIncoming, toMessage, type IncomingRow, type MessageRow } from './sqlite-rows.js';


/** Statuses of a message that has left the gateway. */
const wentOut = `status IN ('sent', 'delivered', 'read')`;

export class SqliteJournalStore implements MessageJournalStore {
  constructor(private readonly db: Database.Database) {}

  async recordIncoming(r: IncomingRecord): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO incoming_messages
           (id_instance, id_message, chat_id, sender, sender_name, received_at, message_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.idInstance, r.idMessage, r.chatId, r.sender, r.senderName, r.receivedAt, JSON.stringify(r.messageData));
    return result.changes > 0;
  }

  async getIncoming(idInstance: number, idMessage: string): Promise<IncomingRecord | undefined> {
    const row = this.db
      .prepare('SELECT * FROM incoming_messages WHERE id_instance = ? AND id_message = ?')
      .get(idInstance, idMessage) as IncomingRow | undefined;
    return row ? toIncoming(row) : undefined;
  }

  async listIncomingSince(idInstance: number, since: number): Promise<IncomingRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM incoming_messages WHERE id_instance = ? AND received_at >= ? ORDER BY seq DESC')
      .all(idInstance, since) as IncomingRow[];
    return rows.map(toIncoming);
  }

  async listOutgoingSince(idInstance: number, since: number): Promise<OutgoingMessage[]> {
    const rows = this.db
      .prepare('SELECT * FROM outgoing_messages WHERE id_instance = ? AND accepted_at >= ? ORDER BY seq DESC')
      .all(idInstance, since) as MessageRow[];
    return rows.map(toMessage);
  }

  async listIncomingInChat(idInstance: number, chatId: string, limit: number): Promise<IncomingRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM incoming_messages WHERE id_instance = ? AND chat_id = ? ORDER BY seq DESC LIMIT ?')
      .all(idInstance, chatId, limit) as IncomingRow[];
    return rows.map(toIncoming);
  }

  async listOutgoingInChat(idInstance: number, chatId: string, limit: number): Promise<OutgoingMessage[]> {
    const rows = this.db
      .prepare('SELECT * FROM outgoing_messages WHERE id_instance = ? AND chat_id = ? ORDER BY seq DESC LIMIT ?')
      .all(idInstance, chatId, limit) as MessageRow[];
    return rows.map(toMessage);
  }

  async latestButtonsMessage(idInstance: number, chatId: string): Promise<OutgoingMessage | undefined> {
    const row = this.db
      .prepare(
        `SELECT * FROM outgoing_messages
          WHERE id_instance = ? AND chat_id = ? AND ${wentOut}
            AND method IN ('sendButtons', 'sendInteractiveButtonsReply')
          ORDER BY seq DESC LIMIT 1`,
      )
      .get(idInstance, chatId) as MessageRow | undefined;
    return row ? toMessage(row) : undefined;
  }

  async recordPollVote(idInstance: number, pollId: string, vote: { voter: string; options: string[]; at: number }): Promise<Map<string, string[]>> {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO poll_votes (id_instance, poll_id, voter, options_json, voted_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id_instance, poll_id, voter) DO UPDATE SET options_json = excluded.options_json`,
        )
        .run(idInstance, pollId, vote.voter, JSON.stringify(vote.options), vote.at);
      const rows = this.db
        .prepare('SELECT voter, options_json FROM poll_votes WHERE id_instance = ? AND poll_id = ? ORDER BY voted_at, voter')
        .all(idInstance, pollId) as { voter: string; options_json: string }[];
      return new Map(rows.map((r) => [r.voter, JSON.parse(r.options_json) as string[]]));
    })();
  }

  async markAnswered(idInstance: number, idMessage: string, buttonId: string, at: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE outgoing_messages SET answered_at = ?, answered_button_id = ?
          WHERE id_instance = ? AND id_message = ? AND answered_at IS NULL`,
      )
      .run(at, buttonId, idInstance, idMessage);
    return result.changes > 0;
  }
}

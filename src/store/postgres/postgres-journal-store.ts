// The message journal on PostgreSQL: incoming messages, outgoing ones by chat and time, answered buttons.

import type pg from 'pg';
import { inTransaction } from './postgres-transaction.js';
import type { OutgoingMessage } from '../../messages/message.js';
import type { IncomingRecord, MessageJournalStore } from '../../messages/message-journal-store.js';
import { toIncoming, toMessage, type IncomingRow, type MessageRow } from '../rows.js';


/** Statuses of a message that has left the gateway. */
const wentOut = `status IN ('sent', 'delivered', 'read')`;

export class PostgresJournalStore implements MessageJournalStore {
  constructor(private readonly pool: pg.Pool) {}

  async recordIncoming(r: IncomingRecord): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO incoming_messages (id_instance, id_message, chat_id, sender, sender_name, received_at, message_json)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id_instance, id_message) DO NOTHING`,
      [r.idInstance, r.idMessage, r.chatId, r.sender, r.senderName, r.receivedAt, JSON.stringify(r.messageData)],
    );
    return (rowCount ?? 0) > 0;
  }

  async getIncoming(idInstance: number, idMessage: string): Promise<IncomingRecord | undefined> {
    const rows = await this.incoming('WHERE id_instance = $1 AND id_message = $2', [idInstance, idMessage]);
    return rows[0];
  }

  listIncomingSince(idInstance: number, since: number): Promise<IncomingRecord[]> {
    return this.incoming('WHERE id_instance = $1 AND received_at >= $2 ORDER BY seq DESC', [idInstance, since]);
  }

  listOutgoingSince(idInstance: number, since: number): Promise<OutgoingMessage[]> {
    return this.outgoing('WHERE id_instance = $1 AND accepted_at >= $2 ORDER BY seq DESC', [idInstance, since]);
  }

  listIncomingInChat(idInstance: number, chatId: string, limit: number): Promise<IncomingRecord[]> {
    return this.incoming('WHERE id_instance = $1 AND chat_id = $2 ORDER BY seq DESC LIMIT $3', [idInstance, chatId, limit]);
  }

  listOutgoingInChat(idInstance: number, chatId: string, limit: number): Promise<OutgoingMessage[]> {
    return this.outgoing('WHERE id_instance = $1 AND chat_id = $2 ORDER BY seq DESC LIMIT $3', [idInstance, chatId, limit]);
  }

  async latestButtonsMessage(idInstance: number, chatId: string): Promise<OutgoingMessage | undefined> {
    const rows = await this.outgoing(
      `WHERE id_instance = $1 AND chat_id = $2 AND ${wentOut}
         AND method IN ('sendButtons', 'sendInteractiveButtonsReply')
       ORDER BY seq DESC LIMIT 1`,
      [idInstance, chatId],
    );
    return rows[0];
  }

  async recordPollVote(idInstance: number, pollId: string, vote: { voter: string; options: string[]; at: number }): Promise<Map<string, string[]>> {
    return inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO poll_votes (id_instance, poll_id, voter, options_json, voted_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id_instance, poll_id, voter) DO UPDATE SET options_json = excluded.options_json`,
        [idInstance, pollId, vote.voter, JSON.stringify(vote.options), vote.at],
      );
      const { rows } = await client.query<{ voter: string; options_json: string[] }>(
        'SELECT voter, options_json FROM poll_votes WHERE id_instance = $1 AND poll_id = $2 ORDER BY voted_at, voter',
        [idInstance, pollId],
      );
      return new Map(rows.map((r) => [r.voter, r.options_json]));
    });
  }

  async markAnswered(idInstance: number, idMessage: string, buttonId: string, at: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE outgoing_messages SET answered_at = $1, answered_button_id = $2
        WHERE id_instance = $3 AND id_message = $4 AND answered_at IS NULL`,
      [at, buttonId, idInstance, idMessage],
    );
    return (rowCount ?? 0) > 0;
  }

  private async incoming(where: string, values: unknown[]): Promise<IncomingRecord[]> {
    const { rows } = await this.pool.query<IncomingRow>(`SELECT * FROM incoming_messages ${where}`, values);
    return rows.map(toIncoming);
  }

  private async outgoing(where: string, values: unknown[]): Promise<OutgoingMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(`SELECT * FROM outgoing_messages ${where}`, values);
    return rows.map(toMessage);
  }
}

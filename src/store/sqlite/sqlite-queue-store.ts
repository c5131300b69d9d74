// The send queue on SQLite: one FIFO per instance in `outgoing_messages`, ordered by `seq`.

import type Database from 'better-sqlite3';
import type { NewOutgoingMessage, OutgoingMessage } from '../../messages/message.js';
import type { ClaimRequest, FinishItem, QueueStore, ReleaseItem, WaitingEnd } from '../../queue/queue-store.js';
import { toMessage, type MessageRow } from './sqlite-rows.js';

export class SqliteQueueStore implements QueueStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO outgoing_messages
           (id_instance, id_message, chat_id, method, request_json, content_json, status, accepted_at, status_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      ),
      head: db.prepare(
        `SELECT * FROM outgoing_messages
          WHERE id_instance = ? AND status IN ('queued', 'sending') ORDER BY seq LIMIT 1`,
      ),
      claim: db.prepare(
        `UPDATE outgoing_messages SET status = 'sending', claimed_by = ?, claim_epoch = ?, attempts = attempts + 1, status_at = ?
          WHERE seq = ?`,
      ),
      finish: db.prepare(
        `UPDATE outgoing_messages
            SET status = ?, status_at = ?, sent_at = ?, description = ?, claimed_by = NULL, claim_epoch = NULL
          WHERE id_instance = ? AND id_message = ? AND status = 'sending' AND claimed_by = ? AND claim_epoch = ?`,
      ),
      recordSend: db.prepare('UPDATE instances SET last_send_at = ? WHERE id_instance = ?'),
      release: db.prepare(
        `UPDATE outgoing_messages SET status = 'queued', claimed_by = NULL, claim_epoch = NULL
          WHERE id_instance = ? AND id_message = ? AND status = 'sending' AND claimed_by = ? AND claim_epoch = ?`,
      ),
      list: db.prepare(
        `SELECT * FROM outgoing_messages
          WHERE id_instance = ? AND status IN ('queued', 'sending') ORDER BY seq LIMIT ?`,
      ),
      endWaiting: db.prepare(
        `UPDATE outgoing_messages SET status = ?, status_at = ?, description = ?, claimed_by = NULL, claim_epoch = NULL
          WHERE id_instance = ? AND status IN ('queued', 'sending')`,
      ),
      expirable: db.prepare(
        `SELECT * FROM outgoing_messages
          WHERE accepted_at < ? AND (status = 'queued' OR (status = 'sending' AND claimed_by IS NOT ?))
          ORDER BY seq`,
      ),
      end: db.prepare(
        `UPDATE outgoing_messages SET status = ?, status_at = ?, description = ?, claimed_by = NULL, claim_epoch = NULL
          WHERE seq = ?`,
      ),
      waitingCounts: db.prepare(
        `SELECT id_instance, COUNT(*) AS count FROM outgoing_messages WHERE status IN ('queued', 'sending') GROUP BY id_instance`,
      ),
      waitingCountOf: db.prepare(
        `SELECT id_instance, COUNT(*) AS count FROM outgoing_messages WHERE status IN ('queued', 'sending') AND id_instance = ? GROUP BY id_instance`,
      ),
    };
  }

  async enqueueMessages(messages: readonly NewOutgoingMessage[]): Promise<void> {
    this.db.transaction(() => {
      for (const m of messages) {
        const request = JSON.stringify(m.requestBody);
        const content = JSON.stringify(m.content);
        this.statements.insert.run(m.idInstance, m.idMessage, m.chatId, m.method, request, content, m.acceptedAt, m.acceptedAt);
      }
    })();
  }

  async claimNextMessages(requests: readonly ClaimRequest[], options: { node: string; now: number }): Promise<OutgoingMessage[]> {
    return this.db.transaction(() => {
      const claimed: OutgoingMessage[] = [];
      for (const { idInstance, epoch } of requests) {
        const head = this.statements.head.get(idInstance) as MessageRow | undefined;
        if (!head) continue;
        if (head.status === 'sending' && head.claimed_by === options.node && head.claim_epoch === epoch) continue;
        this.statements.claim.run(options.node, epoch, options.now, head.seq);
        claimed.push(
          toMessage({ ...head, status: 'sending', attempts: head.attempts + 1, status_at: options.now, claimed_by: options.node, claim_epoch: epoch }),
        );
      }
      return claimed;
    }).immediate();
  }

  async finishMessages(items: readonly FinishItem[]): Promise<boolean[]> {
    return this.db.transaction(() =>
      items.map(({ idInstance, idMessage, claim, outcome }) => {
        const sentAt = outcome.status === 'sent' ? outcome.at : null;
        const { changes } = this.statements.finish.run(
          outcome.status,
          outcome.at,
          sentAt,
          outcome.description ?? null,
          idInstance,
          idMessage,
          claim.node,
          claim.epoch,
        );
        if (changes > 0 && outcome.status !== 'expired') this.statements.recordSend.run(outcome.at, idInstance);
        return changes > 0;
      }),
    )();
  }

  async releaseMessages(items: readonly ReleaseItem[]): Promise<void> {
    this.db.transaction(() => {
      for (const { idInstance, idMessage, claim } of items) this.statements.release.run(idInstance, idMessage, claim.node, claim.epoch);
    })();
  }

  async listQueuedMessages(idInstance: number, limit: number): Promise<OutgoingMessage[]> {
    return (this.statements.list.all(idInstance, limit) as MessageRow[]).map(toMessage);
  }

  async endWaitingMessages(idInstance: number, end: WaitingEnd): Promise<OutgoingMessage[]> {
    return this.db.transaction(() => {
      const rows = this.statements.list.all(idInstance, -1) as MessageRow[];
      this.statements.endWaiting.run(end.status, end.at, end.description, idInstance);
      return rows.map((row) => endedAs(row, end));
    })();
  }

  async expireMessages(acceptedBefore: number, node: string, end: WaitingEnd): Promise<OutgoingMessage[]> {
    return this.db.transaction(() => {
      const rows = this.statements.expirable.all(acceptedBefore, node) as MessageRow[];
      for (const row of rows) this.statements.end.run(end.status, end.at, end.description, row.seq);
      return rows.map((row) => endedAs(row, end));
    })();
  }

  async waitingMessageCounts(idInstance?: number): Promise<Map<number, number>> {
    const query = idInstance === undefined ? this.statements.waitingCounts.all() : this.statements.waitingCountOf.all(idInstance);
    const rows = query as { id_instance: number; count: number }[];
    return new Map(rows.map((r) => [r.id_instance, r.count]));
  }
}

function endedAs(row: MessageRow, end: WaitingEnd): OutgoingMessage {
  return toMessage({ ...row, status: end.status, status_at: end.at, description: end.description, claimed_by: null, claim_epoch: null });
}

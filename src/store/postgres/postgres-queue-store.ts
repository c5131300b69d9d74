// The send queue on PostgreSQL: one FIFO per instance in `outgoing_messages`, ordered by `seq`. Heads
// are claimed for many instances in one statement, rows locked so a concurrent clear waits for the claim.

import type pg from 'pg';
import type { NewOutgoingMessage, OutgoingMessage } from '../../messages/message.js';
import type { ClaimRequest, FinishItem, QueueStore, ReleaseItem, WaitingEnd } from '../../queue/queue-store.js';
import { toMessage, type MessageRow } from '../rows.js';
import { lockOwned } from './postgres-fence.js';
import { inTransaction } from './postgres-transaction.js';

export class PostgresQueueStore implements QueueStore {
  constructor(
    private readonly pool: pg.Pool,
    /** The node whose claims must hold ownership of the instance (cluster); null: no fencing. */
    private readonly fence: string | null,
  ) {}

  async enqueueMessages(messages: readonly NewOutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // One statement for the batch: arrays unnested in order, so `seq` follows acceptance order.
    await this.pool.query(
      `INSERT INTO outgoing_messages
         (id_instance, id_message, chat_id, method, request_json, content_json, status, accepted_at, status_at)
       SELECT i, m, c, meth, r::json, ct::json, 'queued', a, a
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
              WITH ORDINALITY AS t(i, m, c, meth, r, ct, a, n)
        ORDER BY n`,
      [
        messages.map((m) => m.idInstance),
        messages.map((m) => m.idMessage),
        messages.map((m) => m.chatId),
        messages.map((m) => m.method),
        messages.map((m) => JSON.stringify(m.requestBody)),
        messages.map((m) => JSON.stringify(m.content)),
        messages.map((m) => m.acceptedAt),
      ],
    );
  }

  async claimNextMessages(requests: readonly ClaimRequest[], options: { node: string; now: number }): Promise<OutgoingMessage[]> {
    if (requests.length === 0) return [];
    if (this.fence === null) return this.claimHeads(this.pool, requests, options);
    const fence = this.fence;
    return inTransaction(this.pool, async (client) => {
      const owned = await lockOwned(client, fence, requests.map((r) => r.idInstance));
      const held = requests.filter((r) => owned.get(r.idInstance) === r.epoch);
      return held.length > 0 ? this.claimHeads(client, held, options) : [];
    });
  }

  private async claimHeads(
    db: pg.Pool | pg.PoolClient,
    requests: readonly ClaimRequest[],
    options: { node: string; now: number },
  ): Promise<OutgoingMessage[]> {
    const { rows } = await db.query<MessageRow>(
      `WITH requested AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS r(id_instance, epoch)
       ), heads AS (
         SELECT h.seq, requested.epoch
           FROM requested
           CROSS JOIN LATERAL (
             SELECT seq, status, claimed_by, claim_epoch FROM outgoing_messages m
              WHERE m.id_instance = requested.id_instance AND m.status IN ('queued', 'sending')
              ORDER BY m.seq LIMIT 1
              FOR UPDATE
           ) h
          WHERE h.status = 'queued' OR h.claimed_by IS DISTINCT FROM $3 OR h.claim_epoch IS DISTINCT FROM requested.epoch
       )
       UPDATE outgoing_messages o
          SET status = 'sending', claimed_by = $3, claim_epoch = heads.epoch, attempts = o.attempts + 1, status_at = $4
         FROM heads
        WHERE o.seq = heads.seq
       RETURNING o.*`,
      [requests.map((r) => r.idInstance), requests.map((r) => r.epoch), options.node, options.now],
    );
    return rows.map(toMessage);
  }

  async finishMessages(items: readonly FinishItem[]): Promise<boolean[]> {
    if (items.length === 0) return [];
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `WITH items AS (
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::text[])
                  WITH ORDINALITY AS t(id_instance, id_message, node, epoch, status, at, description, n)
         ), finished AS (
           UPDATE outgoing_messages o
              SET status = items.status, status_at = items.at, description = items.description,
                  sent_at = CASE WHEN items.status = 'sent' THEN items.at END, claimed_by = NULL, claim_epoch = NULL
             FROM items
            WHERE o.id_instance = items.id_instance AND o.id_message = items.id_message AND o.status = 'sending'
              AND o.claimed_by = items.node AND o.claim_epoch = items.epoch
           RETURNING items.n, items.id_instance, items.status, items.at
         ), sends AS (
           UPDATE instances i SET last_send_at = s.at
             FROM (SELECT DISTINCT ON (id_instance) id_instance, at FROM finished
                    WHERE status <> 'expired' ORDER BY id_instance, at DESC) s
            WHERE i.id_instance = s.id_instance
         )
         SELECT n FROM finished`,
        [
          items.map((i) => i.idInstance),
          items.map((i) => i.idMessage),
          items.map((i) => i.claim.node),
          items.map((i) => i.claim.epoch),
          items.map((i) => i.outcome.status),
          items.map((i) => i.outcome.at),
          items.map((i) => i.outcome.description ?? null),
        ],
      );
      const finished = new Set(rows.map((r) => r.n));
      return items.map((_, index) => finished.has(index + 1));
    });
  }

  async releaseMessages(items: readonly ReleaseItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.pool.query(
      `UPDATE outgoing_messages o SET status = 'queued', claimed_by = NULL, claim_epoch = NULL
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS t(id_instance, id_message, node, epoch)
        WHERE o.id_instance = t.id_instance AND o.id_message = t.id_message AND o.status = 'sending'
          AND o.claimed_by = t.node AND o.claim_epoch = t.epoch`,
      [items.map((i) => i.idInstance), items.map((i) => i.idMessage), items.map((i) => i.claim.node), items.map((i) => i.claim.epoch)],
    );
  }

  async listQueuedMessages(idInstance: number, limit: number): Promise<OutgoingMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT * FROM outgoing_messages WHERE id_instance = $1 AND status IN ('queued', 'sending') ORDER BY seq LIMIT $2`,
      [idInstance, limit],
    );
    return rows.map(toMessage);
  }

  async endWaitingMessages(idInstance: number, end: WaitingEnd): Promise<OutgoingMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `UPDATE outgoing_messages SET status = $1, status_at = $2, description = $3, claimed_by = NULL, claim_epoch = NULL
        WHERE id_instance = $4 AND status IN ('queued', 'sending')
       RETURNING *`,
      [end.status, end.at, end.description, idInstance],
    );
    return rows.sort((a, b) => a.seq - b.seq).map(toMessage);
  }

  async expireMessages(acceptedBefore: number, node: string, end: WaitingEnd): Promise<OutgoingMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `UPDATE outgoing_messages SET status = $1, status_at = $2, description = $3, claimed_by = NULL, claim_epoch = NULL
        WHERE seq IN (
          SELECT seq FROM outgoing_messages
           WHERE status IN ('queued', 'sending') AND accepted_at < $4
             AND (status = 'queued' OR claimed_by IS DISTINCT FROM $5)
             AND ($6::text IS NULL OR id_instance IN (SELECT id_instance FROM instance_owners WHERE node_id = $6))
           FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [end.status, end.at, end.description, acceptedBefore, node, this.fence],
    );
    return rows.sort((a, b) => a.seq - b.seq).map(toMessage);
  }

  async waitingMessageCounts(idInstance?: number): Promise<Map<number, number>> {
    const { rows } = await this.pool.query<{ id_instance: number; count: string }>(
      `SELECT id_instance, COUNT(*) AS count FROM outgoing_messages
        WHERE status IN ('queued', 'sending') AND ($1::bigint IS NULL OR id_instance = $1) GROUP BY id_instance`,
      [idInstance ?? null],
    );
    return new Map(rows.map((r) => [Number(r.id_instance), Number(r.count)]));
  }
}

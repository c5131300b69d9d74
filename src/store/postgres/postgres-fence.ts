// Fencing: a write for an instance that only its owner may make first share-locks the instance's owner
// row, in the same transaction, and goes ahead only if this node is the owner. Under READ COMMITTED a
// take-over (an UPDATE of that row) waits for fenced writes in flight, and a fenced write that starts
// after it finds another owner: a node that lost an instance can never commit for it again.

import type pg from 'pg';

/** The epochs of the given instances that `node` owns; their owner rows stay share-locked until commit. */
export async function lockOwned(client: pg.PoolClient, node: string, idInstances: readonly number[]): Promise<Map<number, number>> {
  if (idInstances.length === 0) return new Map();
  const { rows } = await client.query<{ id_instance: number; epoch: number }>(
    `SELECT id_instance, epoch FROM instance_owners WHERE id_instance = ANY($1::bigint[]) AND node_id = $2 ORDER BY id_instance FOR SHARE`,
    [[...new Set(idInstances)], node],
  );
  return new Map(rows.map((r) => [r.id_instance, r.epoch]));
}

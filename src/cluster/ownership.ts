// Which node holds an instance's live connection: this one (in which epoch), another (where to reach
// it), or none right now (the instance is starting). One node alone owns every instance, in epoch 1.

export type OwnerOf =
  | { kind: 'self'; epoch: number }
  | { kind: 'remote'; nodeId: string; url: string }
  | { kind: 'none' };

export interface Ownership {
  ownerOf(idInstance: number): OwnerOf;
}

export const soloOwnership: Ownership = {
  ownerOf: () => ({ kind: 'self', epoch: 1 }),
};

/** The calls that need the instance's live connection, made on its owner when that is another node. */
/** The calls only the node holding an instance's live connection can answer (forwarded in a cluster). */
export const ownerActions = ['qr', 'pairingCode', 'logout', 'reboot', 'updateSettings', 'delete', 'clearQueue', 'checkWhatsapp', 'readChat', 'rename'] as const;
export type OwnerAction = (typeof ownerActions)[number];

export interface OwnerCalls {
  call(owner: { nodeId: string; url: string }, idInstance: number, action: OwnerAction, body: unknown): Promise<unknown>;
}

-- A claim names the node that holds the message and the epoch of its ownership of the instance, instead
-- of a lease time: a claim of a node that is gone is taken over, and its late outcome no longer counts.
ALTER TABLE outgoing_messages ADD COLUMN claimed_by TEXT;
ALTER TABLE outgoing_messages ADD COLUMN claim_epoch INTEGER;
ALTER TABLE outgoing_messages DROP COLUMN lease_until;

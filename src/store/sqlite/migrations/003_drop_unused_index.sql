-- outgoing_by_status_time served no query (lastOutgoingMessages reads accepted_at): every insert paid for it.
DROP INDEX IF EXISTS outgoing_by_status_time;

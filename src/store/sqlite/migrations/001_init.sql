-- Instances and their durable send queues.
CREATE TABLE instances (
  id_instance    INTEGER PRIMARY KEY,
  name           TEXT    NOT NULL,
  api_token      TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  deleted_at     INTEGER,
  settings_json  TEXT    NOT NULL,
  state          TEXT    NOT NULL DEFAULT 'notAuthorized',
  wid            TEXT,
  transport_auth TEXT,
  last_send_at   INTEGER
) STRICT;

-- One row per API-sent message, from acceptance to its last status. `seq` is the queue order.
CREATE TABLE outgoing_messages (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  id_instance   INTEGER NOT NULL,
  id_message    TEXT    NOT NULL,
  chat_id       TEXT    NOT NULL,
  method        TEXT    NOT NULL,
  request_json  TEXT    NOT NULL,
  content_json  TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  accepted_at   INTEGER NOT NULL,
  status_at     INTEGER NOT NULL,
  sent_at       INTEGER,
  lease_until   INTEGER,
  attempts      INTEGER NOT NULL DEFAULT 0,
  description   TEXT,
  UNIQUE (id_instance, id_message)
) STRICT;

-- The queue head of an instance, and the oldest waiting messages overall (expiry), stay index lookups
-- however many messages have already been sent.
CREATE INDEX outgoing_waiting_by_instance ON outgoing_messages (id_instance, seq)
  WHERE status IN ('queued', 'sending');
CREATE INDEX outgoing_waiting_by_age ON outgoing_messages (accepted_at)
  WHERE status IN ('queued', 'sending');

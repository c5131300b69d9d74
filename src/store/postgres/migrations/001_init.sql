-- Waypost's schema on PostgreSQL: the same tables as on SQLite (times in milliseconds since the epoch).

-- Instances: settings, link state, the transport's saved session, and the last send (pacing).
CREATE SEQUENCE instance_ids START WITH 1101000001;
CREATE TABLE instances (
  id_instance    BIGINT PRIMARY KEY DEFAULT nextval('instance_ids'),
  name           TEXT   NOT NULL,
  api_token      TEXT   NOT NULL,
  created_at     BIGINT NOT NULL,
  deleted_at     BIGINT,
  settings_json  JSON   NOT NULL,
  state          TEXT   NOT NULL DEFAULT 'notAuthorized',
  wid            TEXT,
  transport_auth TEXT,
  last_send_at   BIGINT
);
ALTER SEQUENCE instance_ids OWNED BY instances.id_instance;

-- One row per API-sent message, from acceptance to its last status. `seq` is the queue order. A claim
-- names its node and the epoch of that node's ownership of the instance.
CREATE TABLE outgoing_messages (
  seq                BIGSERIAL PRIMARY KEY,
  id_instance        BIGINT NOT NULL,
  id_message         TEXT   NOT NULL,
  chat_id            TEXT   NOT NULL,
  method             TEXT   NOT NULL,
  request_json       JSON   NOT NULL,
  content_json       JSON   NOT NULL,
  status             TEXT   NOT NULL,
  accepted_at        BIGINT NOT NULL,
  status_at          BIGINT NOT NULL,
  sent_at            BIGINT,
  attempts           INTEGER NOT NULL DEFAULT 0,
  description        TEXT,
  answered_at        BIGINT,
  answered_button_id TEXT,
  claimed_by         TEXT,
  claim_epoch        BIGINT,
  UNIQUE (id_instance, id_message)
);
-- The queue head of an instance, and the oldest waiting messages overall (expiry), stay index lookups
-- however many messages have already been sent.
CREATE INDEX outgoing_waiting_by_instance ON outgoing_messages (id_instance, seq)
  WHERE status IN ('queued', 'sending');
CREATE INDEX outgoing_waiting_by_age ON outgoing_messages (accepted_at)
  WHERE status IN ('queued', 'sending');
CREATE INDEX outgoing_by_chat ON outgoing_messages (id_instance, chat_id, seq);

-- Notifications: one durable FIFO per instance, consumed by polling or by the webhook pusher.
CREATE TABLE notifications (
  receipt_id   BIGSERIAL PRIMARY KEY,
  id_instance  BIGINT NOT NULL,
  type_webhook TEXT   NOT NULL,
  body_json    JSON   NOT NULL,
  created_at   BIGINT NOT NULL
);
CREATE INDEX notifications_by_instance ON notifications (id_instance, receipt_id);
CREATE INDEX notifications_by_age ON notifications (created_at);

-- Messages that arrived from phones (the journal's incoming side).
CREATE TABLE incoming_messages (
  seq          BIGSERIAL PRIMARY KEY,
  id_instance  BIGINT NOT NULL,
  id_message   TEXT   NOT NULL,
  chat_id      TEXT   NOT NULL,
  sender       TEXT   NOT NULL,
  sender_name  TEXT   NOT NULL,
  received_at  BIGINT NOT NULL,
  message_json JSON   NOT NULL,
  UNIQUE (id_instance, id_message)
);
CREATE INDEX incoming_by_chat ON incoming_messages (id_instance, chat_id, received_at);
CREATE INDEX incoming_by_time ON incoming_messages (id_instance, received_at);

-- A transport's session keys per instance (WhatsApp Web's signal keys), values serialised by the transport.
CREATE TABLE transport_keys (
  id_instance BIGINT NOT NULL,
  key_type    TEXT   NOT NULL,
  key_id      TEXT   NOT NULL,
  value       TEXT   NOT NULL,
  PRIMARY KEY (id_instance, key_type, key_id)
);

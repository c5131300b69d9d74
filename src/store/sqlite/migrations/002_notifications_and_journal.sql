-- Notifications: one durable FIFO per instance, consumed by polling or by the webhook pusher.
CREATE TABLE notifications (
  receipt_id   INTEGER PRIMARY KEY AUTOINCREMENT,
  id_instance  INTEGER NOT NULL,
  type_webhook TEXT    NOT NULL,
  body_json    TEXT    NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX notifications_by_instance ON notifications (id_instance, receipt_id);
CREATE INDEX notifications_by_age ON notifications (created_at);

-- Messages that arrived from phones (the journal's incoming side).
CREATE TABLE incoming_messages (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  id_instance  INTEGER NOT NULL,
  id_message   TEXT    NOT NULL,
  chat_id      TEXT    NOT NULL,
  sender       TEXT    NOT NULL,
  sender_name  TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  message_json TEXT    NOT NULL,
  UNIQUE (id_instance, id_message)
) STRICT;
CREATE INDEX incoming_by_chat ON incoming_messages (id_instance, chat_id, received_at);
CREATE INDEX incoming_by_time ON incoming_messages (id_instance, received_at);

-- A buttons message is answered once: by a tap or by a typed answer.
ALTER TABLE outgoing_messages ADD COLUMN answered_at INTEGER;
ALTER TABLE outgoing_messages ADD COLUMN answered_button_id TEXT;
CREATE INDEX outgoing_by_chat ON outgoing_messages (id_instance, chat_id, seq);
CREATE INDEX outgoing_by_status_time ON outgoing_messages (id_instance, status_at);

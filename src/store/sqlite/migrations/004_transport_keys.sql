-- A transport's session keys per instance (WhatsApp Web's signal keys), values serialised by the transport.
CREATE TABLE transport_keys (
  id_instance INTEGER NOT NULL,
  key_type TEXT NOT NULL,
  key_id TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (id_instance, key_type, key_id)
) WITHOUT ROWID;

-- Files uploaded for sending and files received, kept for the retention and served by their token.
CREATE TABLE files (
  token       TEXT   PRIMARY KEY,
  id_instance BIGINT NOT NULL,
  file_name   TEXT   NOT NULL,
  mime_type   TEXT   NOT NULL,
  bytes       BYTEA  NOT NULL,
  created_at  BIGINT NOT NULL
);
CREATE INDEX files_by_age ON files (created_at);

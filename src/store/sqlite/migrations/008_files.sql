-- Files uploaded for sending and files received, kept for the retention and served by their token.
CREATE TABLE files (
  token       TEXT    PRIMARY KEY,
  id_instance INTEGER NOT NULL,
  file_name   TEXT    NOT NULL,
  mime_type   TEXT    NOT NULL,
  bytes       BLOB    NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX files_by_age ON files (created_at);

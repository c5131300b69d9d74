-- Each voter's current choice in each poll the API sent: a new vote replaces the voter's last one.
CREATE TABLE poll_votes (
  id_instance  INTEGER NOT NULL,
  poll_id      TEXT    NOT NULL,
  voter        TEXT    NOT NULL,
  options_json TEXT    NOT NULL,
  voted_at     INTEGER NOT NULL,
  PRIMARY KEY (id_instance, poll_id, voter)
);

-- Several nodes on one database: each node's lease (database clock) and liveness lock number, and which
-- node owns each instance, in which epoch (it grows at every change of owner: the fencing token).
CREATE SEQUENCE cluster_node_numbers AS INTEGER;
CREATE TABLE cluster_nodes (
  node_id      TEXT        PRIMARY KEY,
  node_number  INTEGER     NOT NULL UNIQUE DEFAULT nextval('cluster_node_numbers'),
  url          TEXT        NOT NULL,
  secret_hash  TEXT        NOT NULL,
  started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  renewed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  lease_until  TIMESTAMPTZ NOT NULL
);
ALTER SEQUENCE cluster_node_numbers OWNED BY cluster_nodes.node_number;

CREATE TABLE instance_owners (
  id_instance BIGINT PRIMARY KEY,
  node_id     TEXT,
  epoch       BIGINT NOT NULL DEFAULT 0,
  since       TIMESTAMPTZ
);
CREATE INDEX instance_owners_by_node ON instance_owners (node_id);

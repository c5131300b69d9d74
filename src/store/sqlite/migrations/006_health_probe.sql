-- One row rewritten by readiness checks: a real write, so a full disk or a read-only data directory shows.
CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at INTEGER NOT NULL
);

-- A row that Face ID setup updates first in its transaction, so that two enrollments never check
-- "does this face already belong to another account?" at the same time (a row lock on PostgreSQL; SQLite
-- transactions already take the write lock up front).
CREATE TABLE app_locks (
    name     VARCHAR(64) PRIMARY KEY,
    taken_at BIGINT      NOT NULL
);
INSERT INTO app_locks (name, taken_at) VALUES ('enrollment', 0);

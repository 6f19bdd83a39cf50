-- Login throttling counters and the login audit trail (SQLite and PostgreSQL; ${id_column} as in V1).
-- Counters: one row per (method, scope, key); scope 'pair' = account + client address, 'account', 'address'.
-- Times of counters are epoch milliseconds (compared in SQL the same way on both databases); audit times UTC.
CREATE TABLE login_counters (
    id              ${id_column},
    method          VARCHAR(16)  NOT NULL,
    scope           VARCHAR(16)  NOT NULL,
    counter_key     VARCHAR(100) NOT NULL,
    user_id         BIGINT       REFERENCES users (id) ON DELETE CASCADE,
    failures        INTEGER      NOT NULL,
    last_failure_ms BIGINT       NOT NULL,
    CONSTRAINT uq_login_counters UNIQUE (method, scope, counter_key)
);
CREATE INDEX ix_login_counters_user_id ON login_counters (user_id);

CREATE TABLE login_attempts (
    id             ${id_column},
    user_id        BIGINT       REFERENCES users (id) ON DELETE CASCADE,
    method         VARCHAR(16)  NOT NULL,
    outcome        VARCHAR(16)  NOT NULL,
    reason         VARCHAR(40)  NOT NULL,
    client_address VARCHAR(64)  NOT NULL,
    attempted_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_login_attempts_user_id ON login_attempts (user_id, attempted_at);
CREATE INDEX ix_login_attempts_attempted_at ON login_attempts (attempted_at);

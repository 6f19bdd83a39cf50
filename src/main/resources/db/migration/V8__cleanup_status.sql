-- When the account cleanup last succeeded (by any instance, in-process timer or POST /tasks/cleanup), so that
-- the `cleanup` health component of every instance sees the same time. One row per task; last_success_at is
-- epoch milliseconds (UTC), NULL until the first success; last_instance names the instance that ran it.
CREATE TABLE cleanup_status (
    name            VARCHAR(64)  NOT NULL,
    last_success_at BIGINT,
    last_instance   VARCHAR(255),
    CONSTRAINT cleanup_status_pk PRIMARY KEY (name)
);
INSERT INTO cleanup_status (name, last_success_at, last_instance) VALUES ('facegate-cleanup', NULL, NULL);

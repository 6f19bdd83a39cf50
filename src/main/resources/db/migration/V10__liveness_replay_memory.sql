-- Replay memory of the liveness challenge, shared by every instance (SQLite and PostgreSQL; ${id_column} as in
-- V1): one row per successful face login answer, holding the landmarks of its turned frames
-- (io.facegate.liveness.JdbcReplayStore). Bounded: 5 rows per account (older ones are deleted when a new one is
-- added), rows older than 24 h deleted by the cleanup, rows of a deleted account with it.
-- seen_at is epoch milliseconds; landmarks is text: per frame 136 comma-separated coordinates, frames separated
-- by ';'.
CREATE TABLE liveness_answers (
    id        ${id_column},
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen_at   BIGINT NOT NULL,
    landmarks TEXT   NOT NULL
);
CREATE INDEX ix_liveness_answers_user ON liveness_answers (user_id, id);
CREATE INDEX ix_liveness_answers_seen_at ON liveness_answers (seen_at);
-- Taken first by the transaction that checks and remembers an answer, so that one answer sent to two instances
-- at once logs in once (a row lock on PostgreSQL; SQLite transactions take the write lock up front).
INSERT INTO app_locks (name, taken_at) VALUES ('liveness_replay', 0);

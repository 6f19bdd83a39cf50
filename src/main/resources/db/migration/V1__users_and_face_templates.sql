-- One migration for SQLite and PostgreSQL: ${id_column} is the auto-increment key of each
-- (see io.facegate.config.DatabaseConfig). Times are UTC.
CREATE TABLE users (
    id            ${id_column},
    username      VARCHAR(32)  NOT NULL,
    username_key  VARCHAR(32)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_users_username_key UNIQUE (username_key)
);
CREATE INDEX ix_users_created_at ON users (created_at);

CREATE TABLE face_templates (
    id               ${id_column},
    user_id          BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    descriptor       BYTEA        NOT NULL,
    pipeline_version VARCHAR(64)  NOT NULL,
    label_image      VARCHAR(100),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_face_templates_user_id ON face_templates (user_id);

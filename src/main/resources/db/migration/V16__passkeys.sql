-- Passkeys (io.facegate.passkey): the tables of Spring Security's JDBC WebAuthn repositories (columns as in its
-- user-entities-schema.sql and user-credentials-schema-postgres.sql; BYTEA, which SQLite accepts as a BLOB type
-- name; TIMESTAMP WITH TIME ZONE as in V15), so every instance sees every passkey.
--
-- user_entities.name holds the account's stable subject (users.subject, V14), never the user name, and is a
-- foreign key with ON DELETE CASCADE; user_credentials cascade from their user entity. Deleting an account (by its
-- owner or by the 24 h cleanup) deletes its passkeys, and a later account with the freed user name has none.
CREATE TABLE user_entities (
    id           VARCHAR(1000) NOT NULL PRIMARY KEY,
    name         VARCHAR(100)  NOT NULL REFERENCES users (subject) ON DELETE CASCADE,
    display_name VARCHAR(200)
);
CREATE UNIQUE INDEX uq_user_entities_name ON user_entities (name);

CREATE TABLE user_credentials (
    credential_id                VARCHAR(1000) NOT NULL PRIMARY KEY,
    user_entity_user_id          VARCHAR(1000) NOT NULL REFERENCES user_entities (id) ON DELETE CASCADE,
    public_key                   BYTEA         NOT NULL,
    signature_count              BIGINT,
    uv_initialized               BOOLEAN,
    backup_eligible              BOOLEAN       NOT NULL,
    authenticator_transports     VARCHAR(1000),
    public_key_credential_type   VARCHAR(100),
    backup_state                 BOOLEAN       NOT NULL,
    attestation_object           BYTEA,
    attestation_client_data_json BYTEA,
    created                      TIMESTAMP WITH TIME ZONE,
    last_used                    TIMESTAMP WITH TIME ZONE,
    label                        VARCHAR(1000) NOT NULL
);
CREATE INDEX ix_user_credentials_user ON user_credentials (user_entity_user_id);

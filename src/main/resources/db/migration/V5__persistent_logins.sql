-- "Keep me signed in" tokens (Spring Security's persistent remember-me, JdbcTokenRepositoryImpl's columns), for
-- SQLite and PostgreSQL. user_id ties a token to the account it was issued to: deleting the account (the user,
-- or the cleanup) deletes its tokens, so a user name registered again later never inherits them.
CREATE TABLE persistent_logins (
    series    VARCHAR(64) PRIMARY KEY,
    username  VARCHAR(64) NOT NULL,
    token     VARCHAR(64) NOT NULL,
    last_used TIMESTAMP   NOT NULL,
    user_id   BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_persistent_logins_user_id ON persistent_logins (user_id);

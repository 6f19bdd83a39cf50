-- Change log of the enrolled-template gallery that every instance keeps in memory (SQLite and PostgreSQL;
-- ${id_column} as in V1). Every transaction that inserts, deletes or re-describes face templates adds one row
-- naming the user whose templates changed; every instance reads the rows it has not seen yet every
-- facegate.face.gallery-sync-interval and reloads those users' templates (io.facegate.account.GallerySync).
-- No foreign key: the row of a deleted account must outlive it. changed_at is epoch milliseconds; the cleanup
-- deletes rows older than 1 hour.
CREATE TABLE gallery_changes (
    id         ${id_column},
    user_id    BIGINT NOT NULL,
    changed_at BIGINT NOT NULL
);
CREATE INDEX ix_gallery_changes_changed_at ON gallery_changes (changed_at);

-- When an instance with the in-process cleanup first started on this database (epoch milliseconds, UTC; NULL until
-- then, set once and never changed): the `cleanup` health component of a database where no cleanup run ever
-- succeeded counts its two intervals from this time plus the first run's delay, not from each restart.
ALTER TABLE cleanup_status ADD COLUMN first_started_at BIGINT;

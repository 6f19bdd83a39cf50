-- The counter's last failure time before the latest count (epoch milliseconds; NULL for a new counter): an attempt is
-- counted as a failure when it starts, and when it turns out a success (or tested no credential) its count is taken
-- back and the last failure time restored from this, so that a correct login does not start a new wait.
ALTER TABLE login_counters ADD COLUMN previous_failure_ms BIGINT;

package io.facegate.cleanup;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The time of the last successful cleanup run by any instance, kept in the database (table
 * {@code cleanup_status}, Flyway {@code V8}, epoch milliseconds), and the first start of an instance with the
 * in-process cleanup ({@code V19}) so that every instance's {@code cleanup} health
 * component judges the same fact.
 */
@Component
public class CleanupStatus {

    /** The one row of {@code cleanup_status} this task uses (also the ShedLock lock name). */
    public static final String TASK = "facegate-cleanup";

    private final JdbcTemplate jdbc;
    private final String instance;

    /** @param jdbc the application's database */
    public CleanupStatus(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.instance = hostName() + "/" + ProcessHandle.current().pid();
    }

    /**
     * Records a successful run.
     *
     * @param at when the run started, UTC
     */
    public void recordSuccess(Instant at) {
        jdbc.update("UPDATE cleanup_status SET last_success_at = ?, last_instance = ? WHERE name = ?",
                at.toEpochMilli(), instance, TASK);
    }

    /**
     * Records the first start of an instance with the in-process cleanup on this database, once: the first call
     * on a database sets it (a single conditional {@code UPDATE}, so instances starting together agree), later
     * calls, also after restarts, leave it.
     *
     * @param now this start, UTC
     * @return the first start recorded in the database ({@code now} if this was the first)
     */
    public Instant firstStart(Instant now) {
        jdbc.update("UPDATE cleanup_status SET first_started_at = ? WHERE name = ? AND first_started_at IS NULL",
                now.toEpochMilli(), TASK);
        Long millis = jdbc.queryForObject("SELECT first_started_at FROM cleanup_status WHERE name = ?", Long.class,
                TASK);
        return millis == null ? now : Instant.ofEpochMilli(millis);
    }

    /** @return when the cleanup last succeeded on any instance; empty if never */
    public Optional<Instant> lastSuccess() {
        Long millis = jdbc.query("SELECT last_success_at FROM cleanup_status WHERE name = ?",
                rs -> {
                    if (!rs.next()) {
                        return null;
                    }
                    long value = rs.getLong(1);
                    return rs.wasNull() ? null : value;
                }, TASK);
        return Optional.ofNullable(millis).map(Instant::ofEpochMilli);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}

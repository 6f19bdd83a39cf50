package io.facegate.cleanup;

import io.facegate.config.DatabaseSettings;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the accounts the cleanup must delete, reading {@code users.created_at} in every form {@link CreatedAt}
 * knows rather than trusting the database to compare it: on SQLite a text value compares greater than every
 * number, so {@code created_at < ?} alone would skip a {@code 2020-01-01 00:00:00} row for ever. On SQLite it reads
 * the rows that are not provably young (integers below the cutoff, and everything that is not an integer); on
 * PostgreSQL ({@code timestamptz}) the rows older than the cutoff.
 */
@Component
public class ExpiredAccounts {

    /** Longest part of an unreadable value quoted in a failure. */
    static final int QUOTE_LIMIT = 40;

    private final JdbcTemplate jdbc;
    private final boolean sqlite;

    /**
     * @param jdbc     the application's database
     * @param settings which database it is
     */
    public ExpiredAccounts(JdbcTemplate jdbc, DatabaseSettings settings) {
        this.jdbc = jdbc;
        this.sqlite = settings.kind() == DatabaseSettings.Kind.SQLITE;
    }

    /**
     * What a search found.
     *
     * @param expired    ids of accounts created before the cutoff, oldest first
     * @param unreadable one sentence per account whose {@code created_at} cannot be read as a time
     */
    public record Found(List<Long> expired, List<String> unreadable) {
    }

    /**
     * @param cutoff accounts created strictly before it are expired, UTC
     * @return the expired accounts and the unreadable ones
     */
    public Found before(Instant cutoff) {
        List<Object[]> rows = sqlite
                ? jdbc.query("SELECT id, created_at FROM users WHERE typeof(created_at) <> 'integer' OR created_at < ?",
                        (rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2)}, cutoff.toEpochMilli())
                : jdbc.query("SELECT id, created_at FROM users WHERE created_at < ?",
                        (rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2)}, Timestamp.from(cutoff));
        List<Object[]> expired = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Object[] row : rows) {
            Optional<Instant> created = CreatedAt.parse(row[1]);
            if (created.isEmpty()) {
                unreadable.add("account " + row[0] + ": created_at " + quote(row[1]) + " cannot be read as a time; "
                        + "set it to epoch milliseconds or delete the account");
            } else if (created.get().isBefore(cutoff)) {
                expired.add(new Object[] {row[0], created.get()});
            }
        }
        expired.sort((a, b) -> ((Instant) a[1]).compareTo((Instant) b[1]));
        return new Found(expired.stream().map(r -> (Long) r[0]).toList(), List.copyOf(unreadable));
    }

    private static String quote(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "…" : text) + "'";
    }
}

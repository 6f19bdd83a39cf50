package io.facegate.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows of {@code gallery_changes} (Flyway {@code V7}): one per transaction that changed a user's face
 * templates, so that every instance learns which users to reload into its in-memory gallery. Rows are added in
 * the changing transaction ({@link GallerySync#recordChange}) and deleted by the cleanup after {@link #RETENTION}.
 */
@Component
public class GalleryChanges {

    /** How long change rows are kept: 1 hour, far longer than any instance takes to read them. */
    public static final Duration RETENTION = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    /**
     * One change row.
     *
     * @param id     its id (ascending in insertion order, not necessarily in commit order)
     * @param userId the user whose templates changed
     */
    public record Change(long id, long userId) {
    }

    /**
     * @param jdbc  database access (joins the caller's transaction)
     * @param clock UTC clock of {@code changed_at}
     */
    public GalleryChanges(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Adds a change row in the current transaction.
     *
     * @param userId the user whose templates changed
     * @return the new row's id
     */
    long insert(long userId) {
        Long id = jdbc.queryForObject("INSERT INTO gallery_changes (user_id, changed_at) VALUES (?, ?) RETURNING id",
                Long.class, userId, clock.millis());
        if (id == null) {
            throw new IllegalStateException("The database returned no id for a gallery change row");
        }
        return id;
    }

    /**
     * @param floor an id
     * @param limit most rows to return
     * @return the rows with a larger id, in id order
     */
    List<Change> after(long floor, int limit) {
        return jdbc.query("SELECT id, user_id FROM gallery_changes WHERE id > ? ORDER BY id LIMIT ?",
                (rs, n) -> new Change(rs.getLong(1), rs.getLong(2)), floor, limit);
    }

    /**
     * @param count most rows to return
     * @return the newest rows, in id order
     */
    List<Change> latest(int count) {
        List<Change> rows = new ArrayList<>(jdbc.query(
                "SELECT id, user_id FROM gallery_changes ORDER BY id DESC LIMIT ?",
                (rs, n) -> new Change(rs.getLong(1), rs.getLong(2)), count));
        Collections.reverse(rows);
        return rows;
    }

    /**
     * @param floor an id
     * @return the users named by rows with a larger id
     */
    Set<Long> usersChangedAfter(long floor) {
        return new HashSet<>(jdbc.queryForList("SELECT DISTINCT user_id FROM gallery_changes WHERE id > ?",
                Long.class, floor));
    }

    /**
     * Deletes the rows older than {@link #RETENTION}.
     *
     * @param now the cleanup's time, UTC
     * @return rows deleted
     */
    public int prune(Instant now) {
        return jdbc.update("DELETE FROM gallery_changes WHERE changed_at < ?", now.minus(RETENTION).toEpochMilli());
    }
}

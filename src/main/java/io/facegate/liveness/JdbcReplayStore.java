package io.facegate.liveness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;

/**
 * The {@link ReplayStore} of the application: table {@code liveness_answers} (Flyway {@code V10}), shared by every
 * instance on the database. The check-and-remember step runs in one transaction that first updates the
 * {@code app_locks} row {@code liveness_replay} (a row lock on PostgreSQL; SQLite transactions take the write lock
 * up front), so one answer sent to two instances at once logs in once. Each answer's landmarks take about 1 KB per
 * turned frame as text.
 */
public final class JdbcReplayStore implements ReplayStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    /**
     * @param jdbc         database access
     * @param transactions the transaction manager's template
     */
    public JdbcReplayStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public boolean replayedOrRemembered(long userId, Instant now, List<FaceLandmarks> moved,
                                        Predicate<List<List<FaceLandmarks>>> replay) {
        Boolean result = transactions.execute(status -> {
            jdbc.update("UPDATE app_locks SET taken_at = ? WHERE name = 'liveness_replay'", now.toEpochMilli());
            List<List<FaceLandmarks>> recent = jdbc.query("SELECT landmarks FROM liveness_answers WHERE user_id = ? "
                            + "AND seen_at >= ? ORDER BY id DESC LIMIT ?", (rs, n) -> decode(rs.getString(1)), userId,
                    now.minus(ReplayGuard.KEEP).toEpochMilli(), ReplayGuard.SEQUENCES_PER_USER);
            if (replay.test(recent)) {
                return true;
            }
            jdbc.update("INSERT INTO liveness_answers (user_id, seen_at, landmarks) VALUES (?, ?, ?)", userId,
                    now.toEpochMilli(), encode(moved));
            // Keep the newest SEQUENCES_PER_USER rows of this account.
            jdbc.update("DELETE FROM liveness_answers WHERE user_id = ? AND id NOT IN (SELECT id FROM liveness_answers "
                    + "WHERE user_id = ? ORDER BY id DESC LIMIT ?)", userId, userId, ReplayGuard.SEQUENCES_PER_USER);
            return false;
        });
        return Boolean.TRUE.equals(result);
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbc.update("DELETE FROM liveness_answers WHERE seen_at < ?", now.minus(ReplayGuard.KEEP).toEpochMilli());
    }

    static String encode(List<FaceLandmarks> frames) {
        StringBuilder sb = new StringBuilder();
        for (FaceLandmarks f : frames) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(String.format(Locale.ROOT, "%.2f,%.2f", f.get(i).x(), f.get(i).y()));
            }
        }
        return sb.toString();
    }

    static List<FaceLandmarks> decode(String text) {
        List<FaceLandmarks> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String frame : text.split(";")) {
            String[] v = frame.split(",");
            List<Point> points = new ArrayList<>(FaceLandmarks.COUNT);
            for (int i = 0; i + 1 < v.length; i += 2) {
                points.add(new Point(Double.parseDouble(v[i]), Double.parseDouble(v[i + 1])));
            }
            out.add(new FaceLandmarks(points));
        }
        return out;
    }
}

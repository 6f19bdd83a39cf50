package io.facegate.load;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Benchmark-only seeding for the {@code challenge-1to1-many} scenario, done by {@code scripts/load-run.sh} while no
 * app runs: copies the face templates of the clip person's account (set up through the HTTP API) to the
 * {@link LoadState#clipCopies()} accounts (registered through the HTTP API, without Face ID), straight in the
 * database, with one {@code gallery_changes} row per account as the app itself writes. This bypasses
 * {@code face_not_unique} (the app lets one face into one account only) on purpose: the shared data has one person
 * who turns, and each account's replay memory ({@code ReplayGuard}) refuses an answer close to its last 5, so a
 * measurable run of challenge answers needs that person in many accounts, each logged in to a few times. The
 * copies get no label image (the clip account's 3 label images stay the only ones, as in the one-account
 * scenarios, so the stored-image check costs the same). 1:1 only: with the same templates in many accounts, 1:N
 * finds no unique match and rightly refuses.
 *
 * <p>Also empties the replay memory ({@code liveness_answers}), so that the app versions compared on one database
 * start alike (the client's {@link Takes} assume an app that remembers nothing).
 */
final class ClipCopies {

    private ClipCopies() {
    }

    /**
     * @param databaseUrl the app's {@code DATABASE_URL} ({@code jdbc:sqlite:…}, {@code jdbc:postgresql:…} or
     *                    {@code postgres://user:password@host:port/db})
     * @param state       the accounts of the set-up
     * @param copies      how many of its {@link LoadState#clipCopies()} get the templates (the others, and these
     *                    first, lose any copied before: 0 takes them all away, for the 1:N scenario)
     * @param out         progress
     * @return templates copied
     * @throws SQLException when the database refuses
     * @throws IllegalStateException when the clip account has no template
     */
    static int seed(String databaseUrl, LoadState state, int copies, PrintStream out) throws SQLException {
        try (Connection db = connect(databaseUrl)) {
            db.setAutoCommit(false);
            long clipId = id(db, state.clipUser());
            int copied = 0;
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM face_templates WHERE user_id = ?");
                 PreparedStatement insert = db.prepareStatement("INSERT INTO face_templates"
                         + " (user_id, descriptor, pipeline_version, label_image, created_at, source)"
                         + " SELECT ?, descriptor, pipeline_version, NULL, created_at, source FROM face_templates"
                         + " WHERE user_id = ?");
                 PreparedStatement change = db.prepareStatement(
                         "INSERT INTO gallery_changes (user_id, changed_at) VALUES (?, ?)")) {
                for (int i = 0; i < state.clipCopies().size(); i++) {
                    long id = id(db, state.clipCopies().get(i));
                    delete.setLong(1, id);
                    delete.executeUpdate();
                    if (i >= copies) {
                        change.setLong(1, id);
                        change.setLong(2, System.currentTimeMillis());
                        change.executeUpdate();
                        continue;
                    }
                    insert.setLong(1, id);
                    insert.setLong(2, clipId);
                    int n = insert.executeUpdate();
                    if (n == 0) {
                        throw new IllegalStateException("The clip account " + state.clipUser() + " has no template.");
                    }
                    copied += n;
                    change.setLong(1, id);
                    change.setLong(2, System.currentTimeMillis());
                    change.executeUpdate();
                }
            }
            int forgotten;
            try (PreparedStatement forget = db.prepareStatement("DELETE FROM liveness_answers")) {
                forgotten = forget.executeUpdate();
            }
            db.commit();
            out.printf("Seeded (benchmark only, bypassing face_not_unique): %d templates of %s copied to %d accounts;"
                    + " replay memory emptied (%d answers).%n", copied, state.clipUser(), Math.min(copies, state.clipCopies().size()),
                    forgotten);
            return copied;
        }
    }

    private static long id(Connection db, String username) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT id FROM users WHERE username = ?")) {
            q.setString(1, username);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("No account " + username + " in the database.");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Opens the database as the app would, turning a {@code postgres://} URL into JDBC's form. */
    static Connection connect(String url) throws SQLException {
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            String[] user = uri.getUserInfo() == null ? new String[0] : uri.getUserInfo().split(":", 2);
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + uri.getPath();
            return DriverManager.getConnection(jdbc, user.length > 0 ? user[0] : null, user.length > 1 ? user[1] : null);
        }
        return DriverManager.getConnection(url);
    }
}

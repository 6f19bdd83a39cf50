package io.facegate.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Flyway {@code V9} on a SQLite database of {@code V8} holding {@code created_at} in every form: readable values
 * become epoch milliseconds, unreadable ones stay, no child row is lost (the table is not rebuilt), and from then
 * on triggers refuse any other form.
 */
class CreatedAtMigrationTest {

    static final long T = 1_577_836_800_000L; // 2020-01-01T00:00:00Z

    @TempDir
    Path dir;

    @Test
    void normalisesEveryReadableFormKeepsChildRowsAndRefusesOtherFormsAfterwards() {
        String url = "jdbc:sqlite:" + dir.resolve("old.db") + "?foreign_keys=true";
        try (SingleConnectionDataSource data = new SingleConnectionDataSource(url, true)) {
            migrate(data, "8");
            JdbcTemplate jdbc = new JdbcTemplate(data);
            Map<String, Object> forms = new java.util.LinkedHashMap<>();
            forms.put("millis", T);
            forms.put("seconds", T / 1000);
            forms.put("isozone", "2020-01-01T00:00:00Z");
            forms.put("isolocal", "2020-01-01T00:00:00");
            forms.put("sqltext", "2020-01-01 00:00:00");
            forms.put("digits", "1577836800000");
            forms.put("empty", "");
            forms.put("garbage", "not a time");
            for (Map.Entry<String, Object> form : forms.entrySet()) {
                jdbc.update("INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, 'x', ?)",
                        form.getKey(), form.getKey(), form.getValue());
                long id = jdbc.queryForObject("SELECT id FROM users WHERE username_key = ?", Long.class, form.getKey());
                jdbc.update("INSERT INTO face_templates (user_id, descriptor, pipeline_version, created_at) "
                        + "VALUES (?, X'00', 'v', ?)", id, T);
                jdbc.update("INSERT INTO label_images (user_id, name, image, created_at) VALUES (?, 'a.png', X'00', ?)",
                        id, T);
                jdbc.update("INSERT INTO login_attempts (user_id, method, outcome, reason, client_address, attempted_at)"
                        + " VALUES (?, 'password', 'success', 'ok', '127.0.0.1', ?)", id, T);
            }
            List<Long> before = childCounts(jdbc);
            assertThat(before).containsExactly(8L, 8L, 8L);

            migrate(data, "9");

            assertThat(childCounts(jdbc)).as("no child row lost").isEqualTo(before);
            for (String readable : List.of("millis", "seconds", "isozone", "isolocal", "sqltext", "digits")) {
                assertThat(jdbc.queryForObject("SELECT typeof(created_at) || ':' || created_at FROM users "
                        + "WHERE username_key = ?", String.class, readable)).as(readable).isEqualTo("integer:" + T);
            }
            assertThat(jdbc.queryForObject("SELECT created_at FROM users WHERE username_key = 'empty'", String.class))
                    .isEmpty();
            assertThat(jdbc.queryForObject("SELECT created_at FROM users WHERE username_key = 'garbage'", String.class))
                    .isEqualTo("not a time");

            for (Object refused : List.<Object>of("2020-01-01 00:00:00", "", T / 1000)) {
                assertThatThrownBy(() -> jdbc.update("INSERT INTO users (username, username_key, password_hash, "
                        + "created_at) VALUES ('new', 'new', 'x', ?)", refused)).as(String.valueOf(refused))
                        .hasRootCauseInstanceOf(SQLException.class).hasMessageContaining("epoch milliseconds");
                assertThatThrownBy(() -> jdbc.update("UPDATE users SET created_at = ? WHERE username_key = 'millis'",
                        refused)).hasMessageContaining("epoch milliseconds");
            }
            jdbc.update("INSERT INTO users (username, username_key, password_hash, created_at) VALUES ('new', 'new', "
                    + "'x', ?)", T + 1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM users", Long.class)).isEqualTo(9);
        }
    }

    private static List<Long> childCounts(JdbcTemplate jdbc) {
        return List.of("face_templates", "label_images", "login_attempts").stream()
                .map(t -> jdbc.queryForObject("SELECT COUNT(*) FROM " + t, Long.class)).toList();
    }

    private static void migrate(SingleConnectionDataSource data, String target) {
        Flyway.configure().dataSource(data).locations("classpath:db/migration")
                .javaMigrations(new CreatedAtMigration())
                .placeholders(Map.of("id_column", "INTEGER PRIMARY KEY AUTOINCREMENT"))
                .target(target).load().migrate();
    }
}

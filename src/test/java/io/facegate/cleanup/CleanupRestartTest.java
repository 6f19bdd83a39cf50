package io.facegate.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.facegate.FaceGateApplication;
import io.facegate.support.PostgresTestDatabase;
import io.facegate.testsupport.Eventually;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The in-process cleanup after a restart on an existing database (issue 9): the lock row left by the previous
 * start's run exists, and the new start must still take the lock and delete a 25-hour-old account by itself,
 * every run succeeding. Two real starts of the application, one after the other, on one SQLite file (and on one
 * PostgreSQL schema when {@code FACEGATE_TEST_POSTGRES_URL} is set).
 */
class CleanupRestartTest {

    /** Short, so a run happens soon after start; the lock is then held at least 1 s ({@link CleanupScheduler}). */
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /** Generous for a loaded machine: without the fix no run ever succeeds, so any limit tells them apart. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void sqliteRestartDeletesAnExpiredAccountWithinAFewIntervals() throws Exception {
        restartDeletesExpiredAccount("sqlite:///" + dir.resolve("facegate.db"));
        assertThat(dir.resolve("facegate.db")).isRegularFile();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = PostgresTestDatabase.ENV, matches = ".+",
            disabledReason = "set FACEGATE_TEST_POSTGRES_URL (as .ci/run does) to run it on PostgreSQL")
    void postgresqlRestartDeletesAnExpiredAccountWithinAFewIntervals() throws Exception {
        restartDeletesExpiredAccount(PostgresTestDatabase.freshSchema("restart"));
    }

    private void restartDeletesExpiredAccount(String databaseUrl) throws Exception {
        Path labels = Files.createDirectories(dir.resolve("labels"));
        Instant firstSuccess;
        try (ConfigurableApplicationContext first = start(databaseUrl, labels)) {
            CleanupStatus status = first.getBean(CleanupStatus.class);
            Eventually.within(LIMIT, "the first start's cleanup succeeds", () -> status.lastSuccess().isPresent());
            assertThat(first.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT COUNT(*) FROM shedlock WHERE name = ?", Long.class, CleanupStatus.TASK))
                    .as("the lock row the next start finds").isEqualTo(1);
            firstSuccess = status.lastSuccess().orElseThrow();
        }

        long expiredId;
        try (ConfigurableApplicationContext second = start(databaseUrl, labels)) {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            long createdAt = Instant.now().minus(Duration.ofHours(25)).toEpochMilli();
            jdbc.update("INSERT INTO users (username, username_key, password_hash, created_at) VALUES (?, ?, ?, ?)",
                    "Expired25h", "expired25h", "{noop}x", new java.sql.Timestamp(createdAt));
            expiredId = jdbc.queryForObject("SELECT id FROM users WHERE username_key = 'expired25h'", Long.class);
            Eventually.within(LIMIT, "the restarted instance deletes the 25 h old account by itself",
                    () -> jdbc.queryForObject("SELECT COUNT(*) FROM users WHERE id = ?", Long.class, expiredId) == 0);
            CleanupStatus status = second.getBean(CleanupStatus.class);
            Eventually.within(LIMIT, "the restarted instance records its success",
                    () -> status.lastSuccess().orElseThrow().isAfter(firstSuccess));
            MeterRegistry meters = second.getBean(MeterRegistry.class);
            assertThat(meters.counter(CleanupService.RUNS, "outcome", "success").count()).isGreaterThanOrEqualTo(1);
            assertThat(meters.counter(CleanupService.RUNS, "outcome", "error").count())
                    .as("no run failed on the lock row left by the first start").isZero();
        }
    }

    private static ConfigurableApplicationContext start(String databaseUrl, Path labels) {
        return new SpringApplicationBuilder(FaceGateApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off")
                .run("--facegate.database-url=" + databaseUrl, "--facegate.labels-dir=" + labels,
                        "--facegate.cleanup.enabled=true", "--facegate.cleanup.interval=" + INTERVAL,
                        "--facegate.cleanup.initial-delay=PT0S");
    }
}

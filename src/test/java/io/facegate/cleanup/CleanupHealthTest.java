package io.facegate.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.facegate.config.FaceGateProperties;
import io.facegate.support.WebTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code cleanup} health component: DOWN after two intervals without a successful run, UP again after one;
 * never part of the liveness and readiness probes. The timer is on but its first turn is 1000 hours away, so only
 * the clock (moved by the test) and {@code POST /tasks/cleanup} decide (the test's success is set later than any
 * other test of the shared database records one).
 */
@TestPropertySource(properties = {"facegate.cleanup.enabled=true", "facegate.cleanup.interval=PT1H",
        "facegate.cleanup.initial-delay=PT1000H"})
class CleanupHealthTest extends WebTestBase {

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void downAfterTwoIntervalsWithoutSuccessButNeverInTheProbes() throws Exception {
        Instant success = Instant.parse("2090-01-01T00:00:00Z"); // later than any time other tests record
        clock.set(success);
        mvc.perform(post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN).with(csrf())).andExpect(status().isOk());

        clock.set(success.plus(Duration.ofMinutes(119)));
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.cleanup.status").value("UP"));

        clock.set(success.plus(Duration.ofMinutes(121))); // more than 2 intervals without a success
        mvc.perform(get("/actuator/health")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("DOWN"))
                .andExpect(jsonPath("$.components.cleanup.status").value("DOWN"));
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));

        mvc.perform(post("/tasks/cleanup").header("X-Task-Token", TASK_TOKEN).with(csrf())).andExpect(status().isOk());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.components.cleanup.status").value("UP"));
    }

    @Test
    void aRestartDoesNotHideACleanupThatHasBeenFailing(@Autowired CleanupStatus status,
                                                       @Autowired FaceGateProperties properties) {
        // The database says the last success was 3 hours ago (two intervals are 2 hours); the instance that starts
        // now is DOWN at once, not after its own first run plus two intervals.
        Instant success = Instant.parse("2091-01-01T00:00:00Z"); // later than any time other tests record
        status.recordSuccess(success);
        clock.set(success.plus(Duration.ofHours(3)));
        CleanupHealthIndicator restarted = new CleanupHealthIndicator(status, clock, properties, Duration.ofMinutes(1));
        assertThat(restarted.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
        clock.set(success.plus(Duration.ofMinutes(90)));
        assertThat(restarted.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
    }

    @Test
    void aRestartAfterALongStopRunsTheOverdueCleanupAtOnce(@Autowired CleanupStatus status,
                                                           @Autowired CleanupScheduler scheduler) throws Exception {
        // A README-only tester: stopped for more than two intervals, restarted, and the overall health answered 503
        // for the first minute (until the first turn), although nothing was wrong. The overdue run starts when the
        // application is ready (here called as the ready event does).
        Instant success = Instant.parse("2093-01-01T00:00:00Z"); // later than any time other tests record
        status.recordSuccess(success);
        clock.set(success.plus(Duration.ofHours(3)));
        assertThat(scheduler.runIfOverdue()).isTrue();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!status.lastSuccess().orElseThrow().isAfter(success) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50); // the run is on the scheduler's thread; the deadline only guards a hang
        }
        assertThat(status.lastSuccess()).hasValue(success.plus(Duration.ofHours(3)));
        mvc.perform(get("/actuator/health")).andExpect(jsonPath("$.components.cleanup.status").value("UP"));
        assertThat(scheduler.runIfOverdue()).as("not overdue any more").isFalse();
    }

    @Test
    void aDatabaseWhereNoRunEverSucceededGetsOneGracePeriodNotOnePerRestart(
            @Autowired CleanupStatus status, @Autowired FaceGateProperties properties,
            @Autowired JdbcTemplate jdbc) {
        Map<String, Object> saved = jdbc.queryForMap(
                "SELECT last_success_at, first_started_at FROM cleanup_status WHERE name = ?", CleanupStatus.TASK);
        try {
            jdbc.update("UPDATE cleanup_status SET last_success_at = NULL, first_started_at = NULL WHERE name = ?",
                    CleanupStatus.TASK);
            Instant first = Instant.parse("2092-01-01T00:00:00Z");
            clock.set(first);
            CleanupHealthIndicator firstStart = new CleanupHealthIndicator(status, clock, properties,
                    Duration.ofMinutes(1));
            // The first run is due at +1 min; two intervals (2 h) after it the component is still UP.
            clock.set(first.plus(Duration.ofMinutes(120)));
            assertThat(firstStart.health().getStatus()).isEqualTo(Status.UP);

            // Restarted 3 h after the first start, still without any success: DOWN at once (before: UP for another
            // 1 min + 2 h, and so on at every restart).
            clock.set(first.plus(Duration.ofHours(3)));
            CleanupHealthIndicator restarted = new CleanupHealthIndicator(status, clock, properties,
                    Duration.ofMinutes(1));
            assertThat(restarted.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(status.firstStart(clock.instant())).isEqualTo(first);

            // The first success ends it.
            status.recordSuccess(clock.instant());
            assertThat(restarted.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            jdbc.update("UPDATE cleanup_status SET last_success_at = ?, first_started_at = ? WHERE name = ?",
                    saved.get("last_success_at"), saved.get("first_started_at"), CleanupStatus.TASK);
        }
    }
}

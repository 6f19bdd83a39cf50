package io.facegate.cleanup;

import io.facegate.config.FaceGateProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code cleanup} component of {@code /actuator/health}: DOWN when no cleanup run has succeeded (on any
 * instance, {@link CleanupStatus}) for more than two intervals ({@code CLEANUP_INTERVAL}), UP otherwise. The time
 * counts from the last success recorded in the database, also one from before this instance started (a restart
 * does not hide a cleanup that has been failing); on a database where no run ever succeeded, from the first run
 * due after the first start of an instance with the in-process cleanup on this database
 * ({@link CleanupStatus#firstStart}: a new installation gets that one grace period, a restart none); UNKNOWN when
 * the in-process cleanup is off ({@code CLEANUP_ENABLED=false}: an outside cron job is then in charge and its own
 * exit status tells).
 * It is deliberately in no probe group ({@code /actuator/health/liveness}, {@code /readiness}): a cleanup problem
 * must alert the operator (the overall status answers 503), not restart instances or take them out of service.
 */
@Component("cleanup")
public class CleanupHealthIndicator implements HealthIndicator {

    private final CleanupStatus status;
    private final Clock clock;
    private final boolean enabled;
    private final Duration interval;
    private final Instant firstDue;

    /**
     * @param status       last success, from the database
     * @param clock        UTC clock
     * @param properties   {@code CLEANUP_ENABLED}, {@code CLEANUP_INTERVAL}
     * @param initialDelay delay of the first scheduled run after start ({@code facegate.cleanup.initial-delay}),
     *                     counted from the first start recorded in the database
     */
    public CleanupHealthIndicator(CleanupStatus status, Clock clock, FaceGateProperties properties,
                                  @Value("${facegate.cleanup.initial-delay:PT1M}") Duration initialDelay) {
        this.status = status;
        this.clock = clock;
        this.enabled = properties.cleanup().enabled();
        this.interval = properties.cleanup().interval();
        this.firstDue = enabled ? status.firstStart(clock.instant()).plus(initialDelay) : null;
    }

    @Override
    public Health health() {
        if (!enabled) {
            return Health.unknown().withDetail("reason", "in-process cleanup off (CLEANUP_ENABLED=false)").build();
        }
        Optional<Instant> last = status.lastSuccess();
        Instant since = last.orElse(firstDue);
        Duration quiet = Duration.between(since, clock.instant());
        Health.Builder health = quiet.compareTo(interval.multipliedBy(2)) > 0 ? Health.down() : Health.up();
        last.ifPresent(t -> health.withDetail("lastSuccess", t.toString()));
        return health.build();
    }
}

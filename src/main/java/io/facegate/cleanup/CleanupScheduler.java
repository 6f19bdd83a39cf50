package io.facegate.cleanup;

import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the cleanup inside the application every {@code facegate.cleanup.interval} (default 1 hour, first run
 * {@code facegate.cleanup.initial-delay} (1 minute) after start); off with {@code facegate.cleanup.enabled=false}
 * (env {@code CLEANUP_ENABLED=false}).
 * With several instances on one database, ShedLock (table {@code shedlock}) lets one instance at a time run it:
 * the others skip that turn. The lock is held at least 1 minute (so instances whose timers differ by seconds do
 * not run one after the other) and at most 30 minutes (if an instance dies while holding it).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
@ConditionalOnProperty(name = "facegate.cleanup.enabled", havingValue = "true", matchIfMissing = true)
public class CleanupScheduler {

    private final CleanupService cleanup;

    /** @param cleanup the cleanup */
    public CleanupScheduler(CleanupService cleanup) {
        this.cleanup = cleanup;
    }

    /** One scheduled run. */
    @Scheduled(initialDelayString = "${facegate.cleanup.initial-delay:PT1M}",
            fixedDelayString = "${facegate.cleanup.interval:PT1H}")
    @SchedulerLock(name = "facegate-cleanup", lockAtLeastFor = "PT1M", lockAtMostFor = "PT30M")
    public void run() {
        cleanup.run();
    }
}

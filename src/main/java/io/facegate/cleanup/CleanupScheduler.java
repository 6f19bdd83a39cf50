package io.facegate.cleanup;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the cleanup inside the application every {@code facegate.cleanup.interval} (default 1 hour, first run
 * one minute after start); off with {@code facegate.cleanup.enabled=false} (env {@code CLEANUP_ENABLED=false}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "facegate.cleanup.enabled", havingValue = "true", matchIfMissing = true)
public class CleanupScheduler {

    private final CleanupService cleanup;

    /** @param cleanup the cleanup */
    public CleanupScheduler(CleanupService cleanup) {
        this.cleanup = cleanup;
    }

    /** One scheduled run. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${facegate.cleanup.interval:PT1H}")
    public void run() {
        cleanup.run();
    }
}

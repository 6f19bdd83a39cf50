package io.facegate.cleanup;

import io.facegate.config.FaceGateProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the cleanup inside the application every {@code facegate.cleanup.interval} (default 1 hour, first run
 * {@code facegate.cleanup.initial-delay} (1 minute) after start); off with {@code facegate.cleanup.enabled=false}
 * (env {@code CLEANUP_ENABLED=false}).
 * With several instances on one database, a ShedLock lock (table {@code shedlock}, name
 * {@link CleanupStatus#TASK}) lets one instance at a time run it: the others skip that turn (counted as outcome
 * {@code skipped}). The lock is held at least {@link #lockAtLeastFor} (so instances whose timers differ by seconds
 * do not run one after the other, yet the next turn, one interval later, always finds it free) and at most
 * 30 minutes (if an instance dies while holding it). A run that fails (an exception, from the lock or the
 * cleanup) is logged at ERROR with its cause and counted as outcome {@code error}; the next turn runs again.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "facegate.cleanup.enabled", havingValue = "true", matchIfMissing = true)
public class CleanupScheduler {

    /** Longest a lock is held when its instance dies during a run. */
    static final Duration LOCK_AT_MOST = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(CleanupScheduler.class);

    private final CleanupService cleanup;
    private final LockingTaskExecutor locks;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration lockAtLeast;
    private final Duration interval;
    private final CleanupStatus status;
    private final TaskScheduler scheduler;

    /**
     * @param cleanup    the cleanup
     * @param locks      the database lock shared by the instances
     * @param meters     where skipped and failed runs are counted
     * @param clock      UTC clock
     * @param properties the interval ({@code CLEANUP_INTERVAL})
     * @param status     the last success, from the database
     * @param scheduler  Spring's task scheduler (runs an overdue cleanup at start)
     */
    public CleanupScheduler(CleanupService cleanup, LockProvider locks, MeterRegistry meters, Clock clock,
                            FaceGateProperties properties, CleanupStatus status, TaskScheduler scheduler) {
        this.cleanup = cleanup;
        this.locks = new DefaultLockingTaskExecutor(locks);
        this.meters = meters;
        this.clock = clock;
        this.lockAtLeast = lockAtLeastFor(properties.cleanup().interval());
        this.interval = properties.cleanup().interval();
        this.status = status;
        this.scheduler = scheduler;
    }

    /**
     * Once the application is ready: when the last success recorded (by any instance) is older than two intervals,
     * so that the health component is DOWN, one run now, on the scheduler's thread, instead of at the first turn
     * ({@code facegate.cleanup.initial-delay} after start). A restart after a long stop (a laptop overnight, a
     * maintenance window) thus answers 503 only for the seconds the run takes, not for the first minute (a
     * README-only tester's uptime check alerted on every such restart), and a cleanup that fails still shows DOWN.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void atStart() {
        runIfOverdue();
    }

    /**
     * The check of {@link #atStart} (a listener returns nothing: Spring would publish a returned value as an event).
     *
     * @return whether a run was started
     */
    boolean runIfOverdue() {
        Instant now = clock.instant();
        boolean overdue = status.lastSuccess().map(last -> last.plus(interval.multipliedBy(2)).isBefore(now))
                .orElse(false);
        if (overdue) {
            log.info("Cleanup overdue (last success more than two intervals ago): running it now.");
            scheduler.schedule(this::run, scheduler.getClock().instant()); // now by its own clock
        }
        return overdue;
    }

    /**
     * @param interval time between two runs
     * @return how long a run keeps the lock at least: 1 minute, or half the interval when that is shorter
     */
    static Duration lockAtLeastFor(Duration interval) {
        Duration half = interval.dividedBy(2);
        return half.compareTo(Duration.ofMinutes(1)) < 0 ? half : Duration.ofMinutes(1);
    }

    /** One scheduled run; never throws (a failure is logged and counted, and the next turn tries again). */
    @Scheduled(initialDelayString = "${facegate.cleanup.initial-delay:PT1M}",
            fixedDelayString = "${facegate.cleanup.interval:PT1H}")
    public void run() {
        LockConfiguration lock = new LockConfiguration(clock.instant(), CleanupStatus.TASK, LOCK_AT_MOST, lockAtLeast);
        AtomicBoolean started = new AtomicBoolean();
        try {
            LockingTaskExecutor.TaskResult<CleanupReport> result = locks.executeWithLock(() -> {
                started.set(true);
                return cleanup.run();
            }, lock);
            if (!result.wasExecuted()) {
                meters.counter(CleanupService.RUNS, "outcome", "skipped").increment();
                log.debug("Cleanup skipped: another instance holds the lock.");
            }
        } catch (Throwable e) {
            if (!started.get()) { // the lock failed; a failed run was counted by CleanupService
                meters.counter(CleanupService.RUNS, "outcome", "error").increment();
            }
            log.error("Scheduled cleanup failed; expired accounts stay until a run succeeds: {}", e.toString(), e);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }
}

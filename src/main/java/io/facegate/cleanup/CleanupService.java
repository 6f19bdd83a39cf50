package io.facegate.cleanup;

import io.facegate.account.FaceTemplateRepository;
import io.facegate.account.GalleryChanges;
import io.facegate.account.GallerySync;
import io.facegate.liveness.ReplayGuard;
import io.facegate.account.LabelStore;
import io.facegate.account.UserRepository;
import io.facegate.audit.LoginAttemptRepository;
import io.facegate.config.FaceGateProperties;
import io.facegate.throttle.LoginThrottle;
import java.io.IOException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes accounts older than {@code ACCOUNT_TTL_HOURS} (rows, face templates, login audit rows and login
 * counters, label folders), then removes label folders that have no account any more, audit rows that name no
 * account and are older than {@code ACCOUNT_TTL_HOURS}, login counters quiet for 12 h, and gallery change rows
 * older than {@link GalleryChanges#RETENTION}. Rows go first, each in its own short transaction; a folder that
 * cannot be removed is reported and, having no account row, is removed by the next run. Runs one at a time in
 * this process; two processes running it at once only repeat each other's work.
 */
@Service
public class CleanupService {

    private static final Logger log = LoggerFactory.getLogger(CleanupService.class);

    private final UserRepository users;
    private final FaceTemplateRepository templates;
    private final LabelStore labels;
    private final FaceGateProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final LoginAttemptRepository loginAttempts;
    private final LoginThrottle throttle;
    private final ReentrantLock running = new ReentrantLock();
    private final MeterRegistry meters;
    private final GallerySync gallery;
    private final GalleryChanges galleryChanges;
    private final CleanupStatus status;
    private final ExpiredAccounts expired;
    private final ReplayGuard replays;

    /**
     * @param users        accounts
     * @param templates    face templates
     * @param labels       label folders
     * @param properties   settings ({@code ACCOUNT_TTL_HOURS})
     * @param clock        UTC clock
     * @param transactions  transaction template
     * @param loginAttempts login audit rows
     * @param throttle      login counters
     * @param meters        where the counts go: {@link #RUNS}, {@code facegate.cleanup.deleted}
     *                      (tag {@code what} = {@code users}, {@code templates}, {@code label_folders},
     *                      {@code orphan_folders}) and {@code facegate.cleanup.failures}
     * @param gallery        records each deleted account as a gallery change
     * @param galleryChanges the change log, pruned after {@link GalleryChanges#RETENTION}
     * @param status         where the time of the last successful run is recorded
     * @param expired        finds the expired accounts, and those whose creation time cannot be read
     * @param replays        the liveness replay memory, whose answers older than {@link ReplayGuard#KEEP} go
     */
    public CleanupService(UserRepository users, FaceTemplateRepository templates, LabelStore labels,
                          FaceGateProperties properties, Clock clock, TransactionTemplate transactions,
                          LoginAttemptRepository loginAttempts, LoginThrottle throttle, MeterRegistry meters,
                          GallerySync gallery, GalleryChanges galleryChanges, CleanupStatus status,
                          ExpiredAccounts expired, ReplayGuard replays) {
        this.replays = replays;
        this.status = status;
        this.expired = expired;
        this.meters = meters;
        this.gallery = gallery;
        this.galleryChanges = galleryChanges;
        this.users = users;
        this.templates = templates;
        this.labels = labels;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
        this.loginAttempts = loginAttempts;
        this.throttle = throttle;
    }

    /** Name of the run counter; Prometheus {@code facegate_cleanup_runs_total{outcome=…}}. */
    public static final String RUNS = "facegate.cleanup.runs";

    /**
     * Runs the cleanup once and counts the run under {@link #RUNS} with {@code outcome} {@code success} (nothing
     * failed; the time is recorded in the database, see {@link CleanupStatus}), {@code failure} (the report lists
     * failures; logged at ERROR) or {@code error} (an exception stopped it; rethrown).
     *
     * @return what the run did
     */
    public CleanupReport run() {
        running.lock();
        try {
            CleanupReport report;
            try {
                report = runLocked();
            } catch (RuntimeException e) {
                meters.counter(RUNS, "outcome", "error").increment();
                throw e;
            }
            if (report.failures().isEmpty()) {
                status.recordSuccess(report.ranAt());
                meters.counter(RUNS, "outcome", "success").increment();
            } else {
                meters.counter(RUNS, "outcome", "failure").increment();
                log.error("Cleanup run at {} could not finish everything; failures: {}", report.ranAt(),
                        report.failures());
            }
            return report;
        } finally {
            running.unlock();
        }
    }

    private CleanupReport runLocked() {
        Instant now = clock.instant();
        long ttl = properties.accountTtlHours();
        Instant cutoff = ttl == 0 ? null : now.minus(Duration.ofHours(ttl));
        List<String> failures = new ArrayList<>();
        int usersDeleted = 0;
        long templatesDeleted = 0;
        int foldersDeleted = 0;
        long attemptsDeleted = 0;
        if (cutoff != null) {
            ExpiredAccounts.Found found = expired.before(cutoff);
            failures.addAll(found.unreadable());
            for (long id : found.expired()) {
                long[] removed;
                try {
                    removed = transactions.execute(status -> {
                        long[] counts = {templates.countByUserId(id), loginAttempts.countByUserId(id)};
                        if (users.deleteRow(id) != 1) { // ON DELETE CASCADE removes them
                            return null;
                        }
                        gallery.recordChange(id);
                        return counts;
                    });
                } catch (RuntimeException e) { // one account's failure never stops the run
                    log.error("Cleanup could not delete account {}; the next run retries.", id, e);
                    failures.add("account " + id + ": " + e);
                    continue;
                }
                if (removed == null) {
                    continue; // deleted meanwhile by its owner, or by another instance
                }
                usersDeleted++;
                templatesDeleted += removed[0];
                attemptsDeleted += removed[1];
                if (removeFolder(id, failures)) {
                    foldersDeleted++;
                }
            }
        }
        if (cutoff != null) {
            Instant anonymousCutoff = cutoff;
            Integer anonymous = transactions.execute(status -> loginAttempts.deleteAnonymousBefore(anonymousCutoff));
            attemptsDeleted += anonymous == null ? 0 : anonymous;
        }
        int countersDeleted = throttle.purgeStale(cutoff);
        Integer changesDeleted = transactions.execute(status -> galleryChanges.prune(now));
        int answersDeleted = replays.deleteExpired();
        int orphans = 0;
        List<Long> withFolder = labels.owners();
        Set<Long> existing = new HashSet<>();
        users.findAllById(withFolder).forEach(u -> existing.add(u.getId()));
        for (Long id : withFolder) {
            if (!existing.contains(id) && removeFolder(id, failures)) {
                orphans++;
            }
        }
        CleanupReport report = new CleanupReport(now, cutoff, ttl, usersDeleted, templatesDeleted, foldersDeleted,
                orphans, List.copyOf(failures), attemptsDeleted, countersDeleted,
                changesDeleted == null ? 0 : changesDeleted);
        meters.counter("facegate.cleanup.deleted", "what", "users").increment(usersDeleted);
        meters.counter("facegate.cleanup.deleted", "what", "templates").increment(templatesDeleted);
        meters.counter("facegate.cleanup.deleted", "what", "label_folders").increment(foldersDeleted);
        meters.counter("facegate.cleanup.deleted", "what", "orphan_folders").increment(orphans);
        meters.counter("facegate.cleanup.deleted", "what", "replay_answers").increment(answersDeleted);
        meters.counter("facegate.cleanup.failures").increment(failures.size());
        if (usersDeleted > 0 || orphans > 0 || !failures.isEmpty()) {
            log.info("Cleanup: {}", report);
        }
        return report;
    }

    /** @return whether the user had label images (a folder, or rows) and they were removed */
    private boolean removeFolder(long userId, List<String> failures) {
        try {
            return labels.deleteAll(userId);
        } catch (IOException e) {
            String failure = "label folder of user " + userId + ": " + e;
            log.warn("Cleanup could not remove the {}; the next run retries.", failure);
            failures.add(failure);
            return false;
        }
    }
}

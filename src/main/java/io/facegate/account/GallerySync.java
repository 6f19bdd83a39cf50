package io.facegate.account;

import io.facegate.config.FaceGateProperties;
import io.facegate.face.match.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps {@link EnrolledGallery} in step with {@code face_templates} on every instance that shares the database.
 *
 * <ul>
 *   <li>Every transaction that inserts, deletes or re-describes templates calls {@link #recordChange} (a row in
 *       {@code gallery_changes}, committed or rolled back with the templates). Once it commits, this instance's
 *       gallery takes the user's templates as that transaction left them, at once.</li>
 *   <li>Every {@code facegate.face.gallery-sync-interval} (2 s by default) a background thread reads the change rows
 *       it has not seen and reloads those users' templates from the database, which brings the changes of the
 *       other instances (and settles any race between this instance's own updates). Ids that commit out of order
 *       on PostgreSQL are handled by {@link ChangeCursor}: each poll reads again from just below the lowest id
 *       still missing, and a missing id is given up after {@link #GAP_TIMEOUT}.</li>
 *   <li>At start, and after polls have failed for {@link #RESYNC_AFTER} (the rows it missed may have been pruned),
 *       the whole gallery is read again; the cursor then starts below the newest {@link #START_WINDOW} rows, whose
 *       missing ids count as gaps.</li>
 * </ul>
 * Started before the web server takes requests ({@link #getPhase()} 0), stopped after it.
 */
public class GallerySync implements SmartLifecycle {

    /** How long an id missing below the highest one read is waited for. */
    static final Duration GAP_TIMEOUT = Duration.ofMinutes(5);
    /** Without a successful poll for this long, the whole gallery is read again. */
    static final Duration RESYNC_AFTER = Duration.ofMinutes(10);
    /** Newest change rows read at a full reload; older missing ids are not waited for. */
    static final int START_WINDOW = 1000;
    /** Most change rows read by one poll (the next poll goes on from there). */
    static final int BATCH = 5000;

    private static final Logger log = LoggerFactory.getLogger(GallerySync.class);

    private final EnrolledGallery gallery;
    private final GalleryChanges changes;
    private final Duration interval;
    /** Guards {@link #cursor} and every write to the gallery, so a poll's apply and an own update never interleave. */
    private final Object applyLock = new Object();
    /** Serialises polls (the background thread and {@link #syncNow()}). */
    private final Object pollLock = new Object();
    private ChangeCursor cursor;
    /** Every change row up to this id is reflected in the gallery; -1 before the first load. */
    private volatile long appliedThrough = -1;
    private volatile long lastSuccessNanos;
    private volatile boolean failing;
    private ScheduledExecutorService timer;

    /**
     * @param gallery    the in-memory gallery
     * @param changes    the change log
     * @param properties {@code facegate.face.gallery-sync-interval}
     */
    public GallerySync(EnrolledGallery gallery, GalleryChanges changes, FaceGateProperties properties) {
        this.gallery = gallery;
        this.changes = changes;
        this.interval = properties.face().gallerySyncInterval();
    }

    /**
     * Records that a user's templates change in the current transaction: adds the change row and, once the
     * transaction commits, gives this instance's gallery the user's templates as read here. Call it after the
     * template rows were written (flushed), in the same transaction.
     *
     * @param userId the user whose templates were inserted, deleted or re-described
     * @throws IllegalStateException outside a transaction (the change row must commit with the templates)
     */
    public void recordChange(long userId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A gallery change must be recorded in the transaction that changes the"
                    + " templates of user " + userId);
        }
        long changeId = changes.insert(userId);
        List<Template> now = gallery.read(List.of(userId)).get(userId);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                applyOwn(changeId, userId, now);
            }
        });
    }

    /** Applies a committed change of this instance unless a poll has already reloaded the user past it. */
    private void applyOwn(long changeId, long userId, List<Template> templates) {
        synchronized (applyLock) {
            if (cursor != null && cursor.isNew(changeId)) {
                gallery.replace(userId, templates);
            }
        }
    }

    /**
     * The other accounts' enrolled faces for the uniqueness check of Face ID setup. Call it in the enrolling
     * transaction after taking the enrollment lock: every enrollment that committed before is then either in the
     * gallery (its change row is at or below the last sync point) or named by a change row above it, whose
     * accounts are read from the database here. Before the first load every account is read from the database.
     *
     * @param userId the account being enrolled (left out)
     * @return the faces to compare the new one with
     */
    public OtherFaces othersThan(long userId) {
        long through = appliedThrough;
        if (through < 0) {
            List<Template> all = new ArrayList<>();
            gallery.readAll().forEach((id, list) -> {
                if (id != userId) {
                    all.addAll(list);
                }
            });
            return new OtherFaces(gallery, id -> false, all);
        }
        Set<Long> changed = changes.usersChangedAfter(through);
        changed.remove(userId);
        List<Template> fresh = new ArrayList<>();
        gallery.read(changed).values().forEach(fresh::addAll);
        return new OtherFaces(gallery, id -> id != userId && !changed.contains(id), fresh);
    }

    /**
     * Reads the change rows not seen yet and reloads those users now (what the background thread does every
     * interval); a full reload when there has been no successful poll for {@link #RESYNC_AFTER}.
     *
     * @throws org.springframework.dao.DataAccessException when the database cannot be read (nothing is applied)
     */
    public void syncNow() {
        synchronized (pollLock) {
            if (appliedThrough < 0 || System.nanoTime() - lastSuccessNanos > RESYNC_AFTER.toNanos()) {
                reloadEverything();
                return;
            }
            long floor;
            synchronized (applyLock) {
                floor = cursor.floor();
            }
            List<GalleryChanges.Change> rows = changes.after(floor, BATCH);
            Set<Long> users = new LinkedHashSet<>();
            synchronized (applyLock) {
                rows.stream().filter(c -> cursor.isNew(c.id())).forEach(c -> users.add(c.userId()));
            }
            Map<Long, List<Template>> state = gallery.read(users);
            long read = System.nanoTime();
            int gaps;
            synchronized (applyLock) {
                state.forEach(gallery::replace);
                cursor.advance(rows, read);
                appliedThrough = cursor.floor();
                gaps = cursor.openGaps();
            }
            lastSuccessNanos = read;
            if (!users.isEmpty()) {
                log.debug("Gallery sync: reloaded {} user(s); through change {}, {} gap(s) open", users.size(),
                        appliedThrough, gaps);
            }
        }
    }

    /** Reads the whole gallery and restarts the cursor below the newest change rows. */
    private void reloadEverything() {
        List<GalleryChanges.Change> latest = changes.latest(START_WINDOW);
        Map<Long, List<Template>> all = gallery.readAll();
        long read = System.nanoTime();
        synchronized (applyLock) {
            gallery.replaceAll(all);
            cursor = new ChangeCursor(latest.isEmpty() ? 0 : latest.get(0).id() - 1, GAP_TIMEOUT);
            cursor.advance(latest, read);
            appliedThrough = cursor.floor();
        }
        lastSuccessNanos = read;
        log.info("Face gallery loaded: {} user(s), {} template(s) of pipeline {}", gallery.userCount(),
                gallery.templateCount(), gallery.pipelineVersion());
    }

    private void pollQuietly() {
        try {
            syncNow();
            if (failing) {
                failing = false;
                log.info("Gallery sync works again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Gallery sync failed ({}); retrying every {}", e.toString(), interval);
            }
        }
    }

    /** Loads the gallery, then polls every interval on a daemon thread. */
    @Override
    public void start() {
        syncNow();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gallery-sync");
            thread.setDaemon(true);
            return thread;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        timer = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** @return 0: started before the web server, stopped after it */
    @Override
    public int getPhase() {
        return 0;
    }
}

package io.facegate.account;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far an instance has read the change log ({@code gallery_changes}), allowing for ids that commit out of
 * order.
 *
 * <p>Ids are taken from a sequence when a row is inserted, but a row becomes visible when its transaction commits.
 * On PostgreSQL a transaction holding id 7 can therefore commit after id 8 has been read, so "read the ids above
 * the highest seen" would skip 7 for ever. The cursor keeps every id below the highest seen that it has not read
 * as an open <em>gap</em>, and each poll reads again from just below the lowest open gap ({@link #floor()}); rows
 * already applied are recognised ({@link #isNew}) and skipped. A gap closes when its row turns up, or when it has
 * been open for the gap timeout (5 minutes in {@link GallerySync}): by then the id belonged to a transaction that
 * rolled back, or to sequence values PostgreSQL skipped, and will never appear. A change that commits more than
 * the gap timeout after its row was inserted would be missed (the row is inserted last, just before the commit);
 * logins stay safe, as a match is always confirmed against the database. SQLite has no such gaps (one writer at a
 * time, and a rolled-back id is handed out again), so there the floor is simply the highest id seen.
 *
 * <p>Not thread-safe: {@link GallerySync} uses it under its own lock.
 */
final class ChangeCursor {

    /** At most this many open gaps are tracked; beyond it the oldest ids are given up. */
    static final int MAX_GAPS = 10_000;

    private final long gapTimeoutNanos;
    private long highest;
    /** Open gaps: id → when it was first found missing ({@link System#nanoTime()} scale). */
    private final TreeMap<Long, Long> gaps = new TreeMap<>();

    /**
     * @param highest    the id up to which everything counts as read (0 for the start of the log)
     * @param gapTimeout how long a missing id is waited for
     * @throws IllegalArgumentException if the id is negative or the timeout not positive
     */
    ChangeCursor(long highest, Duration gapTimeout) {
        if (highest < 0 || gapTimeout.isNegative() || gapTimeout.isZero()) {
            throw new IllegalArgumentException("A change cursor needs an id ≥ 0 and a positive gap timeout, got "
                    + highest + " and " + gapTimeout);
        }
        this.highest = highest;
        this.gapTimeoutNanos = gapTimeout.toNanos();
    }

    /** @return the id to read above: every id up to it has been read or given up */
    long floor() {
        return gaps.isEmpty() ? highest : gaps.firstKey() - 1;
    }

    /** @return the highest id read */
    long highest() {
        return highest;
    }

    /** @return how many ids below the highest are still awaited */
    int openGaps() {
        return gaps.size();
    }

    /**
     * @param id a change row's id
     * @return whether it has not been read yet (above the highest, or an open gap)
     */
    boolean isNew(long id) {
        return id > highest || gaps.containsKey(id);
    }

    /**
     * Records rows as read, opens gaps for the ids skipped below them, and gives up gaps older than the timeout.
     *
     * @param rows      the rows read (any order)
     * @param nowNanos  {@link System#nanoTime()} at the read
     */
    void advance(List<GalleryChanges.Change> rows, long nowNanos) {
        rows.stream().mapToLong(GalleryChanges.Change::id).sorted().forEach(id -> {
            if (id > highest) {
                for (long missing = Math.max(highest + 1, id - MAX_GAPS); missing < id; missing++) {
                    gaps.put(missing, nowNanos);
                }
                highest = id;
            } else {
                gaps.remove(id);
            }
        });
        Iterator<Map.Entry<Long, Long>> open = gaps.entrySet().iterator();
        while (open.hasNext()) {
            if (nowNanos - open.next().getValue() >= gapTimeoutNanos) {
                open.remove();
            }
        }
        while (gaps.size() > MAX_GAPS) {
            gaps.pollFirstEntry();
        }
    }
}

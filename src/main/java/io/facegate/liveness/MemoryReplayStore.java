package io.facegate.liveness;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.facegate.face.FaceLandmarks;

/**
 * A {@link ReplayStore} in this instance's memory, for one instance and offline tools: at most
 * {@value #MAX_USERS} accounts (least recently used dropped).
 */
public final class MemoryReplayStore implements ReplayStore {

    static final int MAX_USERS = 10_000;

    private record Seen(Instant at, List<FaceLandmarks> moved) {
    }

    private final Map<Long, Deque<Seen>> byUser = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Deque<Seen>> eldest) {
            return size() > MAX_USERS;
        }
    };

    @Override
    public synchronized boolean replayedOrRemembered(long userId, Instant now, List<FaceLandmarks> moved,
                                                     Predicate<List<List<FaceLandmarks>>> replay) {
        Deque<Seen> seen = byUser.computeIfAbsent(userId, k -> new ArrayDeque<>());
        Instant cutoff = now.minus(ReplayGuard.KEEP);
        seen.removeIf(s -> s.at().isBefore(cutoff));
        List<List<FaceLandmarks>> recent = new ArrayList<>();
        seen.descendingIterator().forEachRemaining(s -> recent.add(s.moved()));
        if (replay.test(recent)) {
            return true;
        }
        seen.addLast(new Seen(now, List.copyOf(moved)));
        while (seen.size() > ReplayGuard.SEQUENCES_PER_USER) {
            seen.removeFirst();
        }
        return false;
    }

    @Override
    public synchronized int deleteExpired(Instant now) {
        Instant cutoff = now.minus(ReplayGuard.KEEP);
        int[] removed = {0};
        byUser.values().forEach(d -> {
            int before = d.size();
            d.removeIf(s -> s.at().isBefore(cutoff));
            removed[0] += before - d.size();
        });
        byUser.values().removeIf(Deque::isEmpty);
        return removed[0];
    }
}

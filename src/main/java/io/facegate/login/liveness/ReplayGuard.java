package io.facegate.login.liveness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.pose.HeadPose;
import io.facegate.face.pose.LandmarkMotion;

/**
 * Remembers the landmarks of each account's recent successful challenge answers, so that the same frames sent
 * again with a new nonce (as they were, re-encoded or noised) are refused. A camera never sees one head in the
 * very same turned pose twice: a frame away from the start pose (≥ {@value #MOVED_DEGREES}° of yaw or pitch) whose
 * landmarks a similarity transform maps onto a remembered one within the duplicate residual counts as replayed;
 * {@value #MIN_REPLAYED} such frames refuse the answer.
 *
 * <p>Kept in memory, per instance: {@value #SEQUENCES_PER_USER} answers per account for 24 h, at most
 * {@value #MAX_USERS} accounts (least recently used dropped). Several instances behind a load balancer each
 * keep their own; a sticky session or a shared store would be needed to refuse a replay at another instance.
 */
public final class ReplayGuard {

    static final double MOVED_DEGREES = 10;
    static final int MIN_REPLAYED = 3;
    static final int SEQUENCES_PER_USER = 5;
    static final int MAX_USERS = 10_000;
    static final Duration KEEP = Duration.ofHours(24);

    private record Seen(Instant at, List<FaceLandmarks> moved) {
    }

    private final Map<Long, Deque<Seen>> byUser = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Deque<Seen>> eldest) {
            return size() > MAX_USERS;
        }
    };
    private final Clock clock;
    private final double duplicateResidual;

    /**
     * @param clock             time source
     * @param duplicateResidual residual (eye distances) below which two frames are one picture
     */
    public ReplayGuard(Clock clock, double duplicateResidual) {
        this.clock = clock;
        this.duplicateResidual = duplicateResidual;
    }

    /**
     * @param userId  the matched account
     * @param verdict a passed liveness verdict
     * @return whether the answer repeats one of that account's remembered answers
     */
    public synchronized boolean isReplay(long userId, LivenessCheck.Verdict verdict) {
        Deque<Seen> seen = byUser.get(userId);
        if (seen == null) {
            return false;
        }
        Instant cutoff = clock.instant().minus(KEEP);
        seen.removeIf(s -> s.at().isBefore(cutoff));
        int replayed = 0;
        for (FaceLandmarks frame : moved(verdict)) {
            boolean match = seen.stream().flatMap(s -> s.moved().stream())
                    .anyMatch(old -> LandmarkMotion.similarityResidual(old, frame) < duplicateResidual);
            if (match && ++replayed >= MIN_REPLAYED) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #isReplay} and, when it is not a replay, {@link #remember} in one step, so that one answer sent in two
     * sessions at once cannot log in twice.
     *
     * @param userId  the matched account
     * @param verdict a passed liveness verdict
     * @return whether the answer repeats a remembered one (it is then not remembered again)
     */
    public synchronized boolean replayedOrRemembered(long userId, LivenessCheck.Verdict verdict) {
        if (isReplay(userId, verdict)) {
            return true;
        }
        remember(userId, verdict);
        return false;
    }

    /**
     * @param userId  the account that logged in
     * @param verdict its passed verdict
     */
    public synchronized void remember(long userId, LivenessCheck.Verdict verdict) {
        Deque<Seen> seen = byUser.computeIfAbsent(userId, k -> new ArrayDeque<>());
        seen.addLast(new Seen(clock.instant(), moved(verdict)));
        while (seen.size() > SEQUENCES_PER_USER) {
            seen.removeFirst();
        }
    }

    private static List<FaceLandmarks> moved(LivenessCheck.Verdict verdict) {
        HeadPose start = verdict.poses().get(0);
        List<FaceLandmarks> out = new java.util.ArrayList<>();
        for (int i = 0; i < verdict.poses().size(); i++) {
            HeadPose p = verdict.poses().get(i);
            if (Math.abs(p.yaw() - start.yaw()) >= MOVED_DEGREES || Math.abs(p.pitch() - start.pitch()) >= MOVED_DEGREES) {
                out.add(verdict.landmarks().get(i));
            }
        }
        return out;
    }
}

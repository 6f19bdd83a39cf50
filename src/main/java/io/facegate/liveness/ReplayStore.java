package io.facegate.liveness;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import io.facegate.face.FaceLandmarks;

/**
 * Where {@link ReplayGuard} keeps the turned-frame landmarks of each account's recent successful answers.
 * Implementations hold at most {@link ReplayGuard#SEQUENCES_PER_USER} answers per account, forget answers older
 * than {@link ReplayGuard#KEEP}, and run a check-and-remember step for one account at a time (across instances for
 * a shared store).
 */
public interface ReplayStore {

    /**
     * In one exclusive step: reads the account's remembered answers of the last {@link ReplayGuard#KEEP} (newest
     * first), asks {@code replay} about them, and remembers {@code moved} unless it said replay.
     *
     * @param userId the account
     * @param now    the current time
     * @param moved  the new answer's turned-frame landmarks
     * @param replay whether the new answer repeats one of the remembered ones (each a list of landmarks)
     * @return what {@code replay} answered
     */
    boolean replayedOrRemembered(long userId, Instant now, List<FaceLandmarks> moved,
                                 Predicate<List<List<FaceLandmarks>>> replay);

    /**
     * @param now the current time
     * @return how many remembered answers older than {@link ReplayGuard#KEEP} were deleted (for the cleanup)
     */
    int deleteExpired(Instant now);
}

package io.facegate.face.match;

import java.util.Optional;

/**
 * Result of a 1:N search. The candidate and the distances are for the server (logs, calibration); never show them
 * to the person being identified.
 *
 * @param candidateUserId    the user with the nearest template, or {@code null} if the gallery is empty
 * @param accepted           whether the candidate passed the policy (threshold and margin)
 * @param bestDistance       the candidate's smallest template distance ({@code +∞} if the gallery is empty)
 * @param secondBestDistance the smallest template distance of any other user ({@code +∞} if there is none)
 */
public record Identification(String candidateUserId, boolean accepted, double bestDistance,
                             double secondBestDistance) {

    /** @return the identified user, or empty when the face is unknown */
    public Optional<String> userId() {
        return accepted ? Optional.of(candidateUserId) : Optional.empty();
    }
}

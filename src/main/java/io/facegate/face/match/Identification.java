package io.facegate.face.match;

import java.util.Optional;

/**
 * Result of a 1:N search over one or more frames of the same attempt. The candidate and the distances are for the
 * server (logs, calibration); never show them to the person being identified.
 *
 * @param candidateUserId    the user ranked first, or {@code null} if the gallery is empty
 * @param accepted           whether the candidate passed the policy (score threshold for the gallery size,
 *                           margin, every frame alone)
 * @param bestDistance       the candidate's fused distance: the mean over the frames of each frame's smallest
 *                           template distance ({@code +∞} if the gallery is empty); with one frame, its smallest
 *                           template distance
 * @param secondBestDistance the smallest fused distance of any other user ({@code +∞} if there is none)
 * @param worstFrameDistance the largest distance of a single frame to the candidate's mean template
 *                           ({@link Gallery#meanTemplate}; the frame that matches it least; {@code +∞} if the
 *                           gallery is empty)
 * @param score              the candidate's score ({@link MatchPolicy#frameScore}, mean over the frames;
 *                           {@code +∞} if the gallery is empty)
 * @param galleryUsers       the number of users searched (N)
 */
public record Identification(String candidateUserId, boolean accepted, double bestDistance,
                             double secondBestDistance, double worstFrameDistance, double score, int galleryUsers) {

    /** @return the identified user, or empty when the face is unknown */
    public Optional<String> userId() {
        return accepted ? Optional.of(candidateUserId) : Optional.empty();
    }

    /** @return distance from the candidate to the next user ({@code +∞} if there is none) */
    public double margin() {
        return secondBestDistance - bestDistance;
    }
}

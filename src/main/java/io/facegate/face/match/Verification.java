package io.facegate.face.match;

/**
 * Result of a 1:1 check against one user's templates.
 *
 * @param match    whether the distance is within the policy's verification threshold
 * @param distance the distance between the probe and the user's mean template ({@link Gallery#meanTemplate};
 *                 {@code +∞} if the user has none); for the server only
 */
public record Verification(boolean match, double distance) {
}

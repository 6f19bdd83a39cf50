package io.facegate.face.match;

/**
 * Distance thresholds for face decisions (Euclidean distance between descriptors; smaller is more alike).
 *
 * @param verificationThreshold   1:1: a probe matches a user when its smallest distance to the user's templates is
 *                                at most this
 * @param identificationThreshold 1:N: the best user is accepted only if its distance is at most this
 * @param identificationMargin    1:N: and only if the second-best user is at least this much farther away
 */
public record MatchPolicy(double verificationThreshold, double identificationThreshold,
                          double identificationMargin) {

    /**
     * Defaults calibrated for the server pipeline ({@code io.facegate.face.Pipeline#SERVER}) on LFW View 1
     * ({@code pairsDevTest.txt}: 1,545 images of 959 people with a face, 1,191,757 impostor comparisons) with
     * {@code java -jar target/facegate.jar evaluate --pipeline server --all-impostors --pairs pairsDevTest.txt
     * --images DIR} (README, "Accuracy and thresholds"):
     * <ul>
     *   <li>verification 0.47: the distance at FMR 1e-4 was 0.4728 (NIST SP 800-63B rev. 4 asks FMR ≤ 1e-4),
     *       rounded down; measured there FMR 9.1e-5, FNMR 23% on LFW's uncontrolled photos;</li>
     *   <li>identification 0.40: the distance at FMR 1e-5 was 0.4065, rounded down (FMR 6.7e-6), so that a
     *       gallery of 100 users accepts about 1 stranger in 1,000 or fewer (simulated: 1 of 5,000;
     *       estimate 1−(1−FMR)^N = 6.7e-4; for N = 1000 the estimate is 6.7e-3);</li>
     *   <li>margin 0.05: the second-nearest user at least this much farther; on View 1 it removed the one
     *       wrong-user acceptance among 5,000 enrolled probes at N = 10 (identification 0.41) for under 0.1 point
     *       of identification rate.</li>
     * </ul>
     * The View 2 figures measured with these fixed values are in the README.
     */
    public static final MatchPolicy DEFAULT = new MatchPolicy(0.47, 0.40, 0.05);

    /**
     * @throws IllegalArgumentException if a threshold is not positive and finite or the margin is negative
     */
    public MatchPolicy {
        if (!(verificationThreshold > 0) || !Double.isFinite(verificationThreshold)
                || !(identificationThreshold > 0) || !Double.isFinite(identificationThreshold)) {
            throw new IllegalArgumentException("Match thresholds must be positive finite distances, got "
                    + verificationThreshold + " and " + identificationThreshold);
        }
        if (!(identificationMargin >= 0) || !Double.isFinite(identificationMargin)) {
            throw new IllegalArgumentException("The identification margin must be a finite distance ≥ 0, got "
                    + identificationMargin);
        }
    }

    /**
     * The 1:N rule on the distances of one attempt (see {@link Gallery#identify(java.util.List,
     * java.util.function.Predicate)}).
     *
     * @param fused      the first user's fused distance (one frame: its smallest template distance)
     * @param second     the second user's fused distance ({@code +∞} if none)
     * @param worstFrame the first user's largest single-frame distance
     * @return whether the first user is accepted: fused ≤ identification threshold, second − fused ≥ margin, and
     *         worst frame ≤ verification threshold
     */
    public boolean accepts(double fused, double second, double worstFrame) {
        return fused <= identificationThreshold && second - fused >= identificationMargin
                && worstFrame <= verificationThreshold;
    }
}

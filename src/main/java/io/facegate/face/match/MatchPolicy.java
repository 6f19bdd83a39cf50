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
     * Defaults calibrated for the server pipeline ({@code io.facegate.face.Pipeline#SERVER}) on LFW: View 1
     * ({@code pairsDevTest.txt}) and the calibration half of the identification protocol (people with at least 4
     * images outside View 1's pairs, 3 enrolled, the rest probes; galleries of 10/100/1000; strangers), with
     * {@code java -jar target/facegate.jar identification --pipeline server --part calibration ...} (README,
     * "Accuracy and thresholds"):
     * <ul>
     *   <li>verification 0.46: FMR 8.0e-5 on the calibration half's 5.5 million impostor comparisons (0.47, View 1's
     *       FMR 1e-4 point, gave 1.2e-4 there and 1.16e-4 on View 2); it also bounds every frame of a 1:N
     *       login;</li>
     *   <li>identification 0.41 with margin 0.10: the largest threshold whose FPIR stayed ≤ 1e-3 at N = 100 with
     *       that margin was 0.4126 (N = 10: 0.447); a margin of 0.10 instead of 0.05 let it rise from 0.394 at the
     *       same FPIR.</li>
     * </ul>
     * The figures measured once with these fixed values on the report half and View 2 are in the README.
     */
    public static final MatchPolicy DEFAULT = new MatchPolicy(0.46, 0.41, 0.10);

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

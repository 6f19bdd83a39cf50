package io.facegate.face.match;

/**
 * Distance thresholds and the scoring rule for face decisions (Euclidean distance between descriptors; smaller is
 * more alike).
 *
 * <p>1:N score ({@link #spreadNormalised}): for the first-ranked user, the mean over the attempt's frames of the
 * frame's <em>mean</em> distance to the user's templates, minus {@value #SPREAD_WEIGHT} × the user's template
 * spread (the mean distance between the user's own templates, capped at {@value #SPREAD_CAP}). A user whose
 * templates differ among themselves (light, pose, age) is allowed correspondingly farther genuine frames; the cap
 * keeps a user with wildly different templates from attracting strangers. Without it ({@code spreadNormalised}
 * false) the score is the fused distance itself (the frames' mean nearest-template distance), the earlier rule.
 *
 * <p>The score threshold follows the number of users N the search runs over, because a stranger has N chances to
 * be falsely accepted: {@link #identificationThreshold(int)} = {@link #identificationThreshold} −
 * {@link #thresholdDropPerDecade} × log10(N / 10) for N above 10.
 *
 * @param verificationThreshold   1:1: a probe matches a user when its distance to the user's mean template (the
 *                                element-wise mean of the user's descriptors, {@link Gallery#meanTemplate}) is at
 *                                most this; also the limit of every single frame of a 1:N attempt
 * @param identificationThreshold 1:N: the first user is accepted only if its score is at most this, for galleries
 *                                of up to 10 users
 * @param identificationMargin    1:N: and only if the second-best user's fused distance is at least this much
 *                                larger than the first's
 * @param thresholdDropPerDecade  1:N: how much the score threshold decreases per tenfold more users (≥ 0)
 * @param spreadNormalised        1:N: score with the spread-normalised mean template distance (true) or the fused
 *                                nearest-template distance (false)
 */
public record MatchPolicy(double verificationThreshold, double identificationThreshold,
                          double identificationMargin, double thresholdDropPerDecade, boolean spreadNormalised) {

    /**
     * Weight of a user's template spread in the score. Chosen on the calibration half of the LFW protocol (weights
     * 0.3–0.6 tried; 0.4–0.5 best at N = 100; with descriptors scaled to one length 0.3/0.5/0.7 tried, 0.5 best;
     * README "Identification (1:N) on LFW").
     */
    public static final double SPREAD_WEIGHT = 0.5;

    /**
     * Largest template spread counted, a distance. Without a cap one user whose three LFW images include another
     * face was the nearest score of strangers from every part of the calibration half (unscaled descriptors). With
     * the descriptors scaled to one length (pipeline version 3) caps 0.45/0.55/0.60/0.65/none gave
     * 83.8/84.1/84.5/84.7/84.7% at N = 100 and 66.2/64.6/65.0/65.9/66.1% at N = 1000 on the calibration half
     * (README, "Identification (1:N) on LFW"): 0.60 keeps the guard within about a point of no cap (0.45 before).
     */
    public static final double SPREAD_CAP = 0.60;

    /**
     * Gallery size up to which {@link #identificationThreshold} applies unchanged.
     */
    public static final int BASE_GALLERY_USERS = 10;

    /**
     * The earlier 1:N rule (session 3's calibration on the same data): fused nearest-template distance ≤ 0.41 for
     * every gallery size, margin 0.10, every frame ≤ 0.46. Kept for what still needs a plain distance: Face ID
     * setup's uniqueness check and {@code evaluate}'s single-image open-set estimate.
     */
    public static final MatchPolicy NEAREST_RULE = new MatchPolicy(0.46, 0.41, 0.10);

    /**
     * Largest distance between two frames of one Face ID setup ({@code frames_disagree} above it): the earlier
     * nearest-template verification threshold ({@link #NEAREST_RULE}), a distance between two single descriptors.
     */
    public static final double SETUP_FRAMES_AGREE = 0.46;

    /**
     * Distance within which Face ID setup refuses a face as already enrolled for another account
     * ({@code face_not_unique}): the earlier rule's 1:N threshold ({@link #NEAREST_RULE}).
     */
    public static final double SAME_FACE_AT_SETUP = 0.41;

    /**
     * Defaults calibrated for the server pipeline ({@code io.facegate.face.Pipeline#SERVER}) on LFW: View 1
     * ({@code pairsDevTest.txt}) and the calibration half of the identification protocol (people with at least 4
     * images outside View 1's pairs, 3 enrolled, the rest probes; galleries of 10–1000; strangers), with
     * {@code java -jar target/facegate.jar identification --pipeline server --part calibration ...} (README,
     * "Identification (1:N) on LFW"):
     * <ul>
     *   <li>verification 0.44, a distance to the user's mean template: on the calibration half, every image of
     *       the half against every target's three enrolled images (647,119 comparisons with another person's
     *       templates), FMR 6.2e-5 (0.45 gave 1.17e-4) and 93.8% of the 465 genuine probes accepted; with
     *       unscaled descriptors (pipeline version 2) 0.435 gave 7.9e-5 and 90.1%; it also bounds every frame of a
     *       1:N login;</li>
     *   <li>identification score 0.31 at N ≤ 10, 0.04 less per tenfold more users (0.27 at 100, 0.23 at 1000),
     *       margin 0.08: the largest score thresholds with FPIR ≤ 1e-3 on the calibration half (20 galleries each)
     *       were none needed at N = 10, 0.307 (30), 0.271 (100), 0.232 (300) and 0.232 (1000); the line runs
     *       through the sizes the README reports (10, 100, 1000); margins 0.05/0.06/0.08/0.10 tried, 0.08 best at
     *       N = 1000.</li>
     * </ul>
     * The figures measured once with these fixed values on the report half and View 2 are in the README.
     */
    public static final MatchPolicy DEFAULT = new MatchPolicy(0.44, 0.31, 0.08, 0.04, true);

    /**
     * @throws IllegalArgumentException if a threshold is not positive and finite, or the margin or the drop is
     *                                  negative or not finite
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
        if (!(thresholdDropPerDecade >= 0) || !Double.isFinite(thresholdDropPerDecade)) {
            throw new IllegalArgumentException("The identification threshold's drop per tenfold users must be a"
                    + " finite distance ≥ 0, got " + thresholdDropPerDecade);
        }
    }

    /**
     * The earlier rule: the fused nearest-template distance against one threshold whatever the gallery size.
     *
     * @param verificationThreshold   as above
     * @param identificationThreshold as above, for every gallery size
     * @param identificationMargin    as above
     */
    public MatchPolicy(double verificationThreshold, double identificationThreshold, double identificationMargin) {
        this(verificationThreshold, identificationThreshold, identificationMargin, 0, false);
    }

    /**
     * @param galleryUsers the number of users the search runs over (N)
     * @return the score threshold for that many users: {@link #identificationThreshold} up to
     *         {@value #BASE_GALLERY_USERS} users, then {@link #thresholdDropPerDecade} less per tenfold more
     */
    public double identificationThreshold(int galleryUsers) {
        if (galleryUsers <= BASE_GALLERY_USERS) {
            return identificationThreshold;
        }
        return identificationThreshold
                - thresholdDropPerDecade * Math.log10((double) galleryUsers / BASE_GALLERY_USERS);
    }

    /**
     * The score of one frame against one user (see the class comment).
     *
     * @param meanDistance the frame's mean distance to the user's templates
     * @param nearest      the frame's smallest distance to the user's templates
     * @param spread       the mean distance between the user's templates (0 for one template)
     * @return the spread-normalised mean distance, or {@code nearest} when the policy is not spread-normalised
     */
    public double frameScore(double meanDistance, double nearest, double spread) {
        return spreadNormalised ? meanDistance - SPREAD_WEIGHT * Math.min(spread, SPREAD_CAP) : nearest;
    }

    /**
     * The 1:N rule on the distances of one attempt (see {@link Gallery#identify(java.util.List,
     * java.util.function.Predicate)}).
     *
     * @param score        the first user's score, mean over the frames of {@link #frameScore}
     * @param fused        the first user's fused distance (mean over the frames of the nearest-template distance)
     * @param second       the second user's fused distance ({@code +∞} if none)
     * @param worstFrame   the first user's largest single-frame distance to its mean template
     * @param galleryUsers the number of users searched (N)
     * @return whether the first user is accepted: score ≤ {@link #identificationThreshold(int)}, second − fused ≥
     *         margin, and worst frame ≤ verification threshold
     */
    public boolean accepts(double score, double fused, double second, double worstFrame, int galleryUsers) {
        return score <= identificationThreshold(galleryUsers) && second - fused >= identificationMargin
                && worstFrame <= verificationThreshold;
    }
}

package io.facegate.face.match;

import java.util.List;

/**
 * Whether a successful face login may add one of its frames to the user's templates, and which template it then
 * replaces (adaptive templates, issue 12). Pure: the caller says whether the login was contested and applies the
 * decision.
 *
 * <p>A frame is offered only when the login was <b>confident</b> (the 1:N or 1:1 decision accepted it with a fused
 * distance at most {@link #maxDistance()} and, for 1:N, a margin to the second user of at least
 * {@link #minMargin()}) and <b>not contested</b> (see {@link Login#contested()}). The frame offered is the attempt's
 * most typical one (smallest summed distance to the other frames). It is not added when it is within
 * {@link #minNovelty()} of a template the user has (it would add nothing). A user keeps at most
 * {@link #maxTemplates()}; when full, the new frame replaces the least useful <i>login</i> template, the one
 * nearest to another template of the user (the most redundant); setup templates are never replaced.
 *
 * @param maxTemplates bound per user, setup templates included (≥ 1)
 * @param maxDistance  largest fused distance of a login that may adapt (confident: below the acceptance threshold)
 * @param minMargin    smallest 1:N margin to the second user of a login that may adapt
 * @param minNovelty   a frame nearer than this to an existing template is not added
 */
public record TemplateAdaptation(int maxTemplates, double maxDistance, double minMargin, double minNovelty) {

    /**
     * Defaults: 10 templates (3 from setup + 7 from logins, so a 1:N search compares at most 10 per user); distance
     * 0.36 and margin 0.10 (the contested bound of issue 12); novelty 0.05 (frames of one webcam burst are closer
     * than that). Measured on the LFW protocol: see README, "Accuracy and thresholds".
     */
    public static final TemplateAdaptation DEFAULT = new TemplateAdaptation(10, 0.36, 0.10, 0.05);

    /**
     * @throws IllegalArgumentException if a bound is not positive or a distance is negative or not finite
     */
    public TemplateAdaptation {
        if (maxTemplates < 1) {
            throw new IllegalArgumentException("A user keeps at least one template, got " + maxTemplates);
        }
        for (double d : new double[] {maxDistance, minMargin, minNovelty}) {
            if (!(d >= 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("Adaptation distances must be finite and ≥ 0, got " + d);
            }
        }
    }

    /**
     * What the login saw.
     *
     * @param frames        the attempt's descriptors, {@code float[128]} each, at least one
     * @param fusedDistance the accepted user's fused distance
     * @param margin        distance from it to the second user ({@code +∞} for 1:1 or a single user)
     * @param contested     true when the login must not teach the gallery anything: a failed face login on the
     *                      account in the last 24 h, a frame flagged by the liveness checks, or a login that was not
     *                      liveness-checked where the operator has not allowed it
     */
    public record Login(List<float[]> frames, double fusedDistance, double margin, boolean contested) {
    }

    /**
     * A template the user has now.
     *
     * @param descriptor {@code float[128]}
     * @param fromLogin  true if a login added it (setup templates are false)
     */
    public record Current(float[] descriptor, boolean fromLogin) {
    }

    /**
     * The decision.
     *
     * @param add      whether to add {@code frame}
     * @param frame    the descriptor to add, or null
     * @param replace  index into the current templates of the one to remove first, or −1 for none
     * @param reason   why not, when {@code add} is false (snake_case: {@code contested}, {@code not_confident},
     *                 {@code small_margin}, {@code not_novel}, {@code full})
     */
    public record Decision(boolean add, float[] frame, int replace, String reason) {
        static Decision skip(String reason) {
            return new Decision(false, null, -1, reason);
        }
    }

    /**
     * @param login   the accepted login
     * @param current the user's templates now
     * @return whether and how to adapt
     * @throws IllegalArgumentException if the login has no frame
     */
    public Decision decide(Login login, List<Current> current) {
        if (login.frames().isEmpty()) {
            throw new IllegalArgumentException("A login has at least one frame");
        }
        if (login.contested()) {
            return Decision.skip("contested");
        }
        if (!(login.fusedDistance() <= maxDistance)) {
            return Decision.skip("not_confident");
        }
        if (!(login.margin() >= minMargin)) {
            return Decision.skip("small_margin");
        }
        float[] frame = typical(login.frames());
        for (Current c : current) {
            if (Descriptors.distance(c.descriptor(), frame) < minNovelty) {
                return Decision.skip("not_novel");
            }
        }
        if (current.size() < maxTemplates) {
            return new Decision(true, frame, -1, null);
        }
        int replace = leastUseful(current);
        return replace < 0 ? Decision.skip("full") : new Decision(true, frame, replace, null);
    }

    /** @return the frame with the smallest summed distance to the others */
    private static float[] typical(List<float[]> frames) {
        float[] best = frames.get(0);
        double bestSum = Double.POSITIVE_INFINITY;
        for (float[] a : frames) {
            double sum = 0;
            for (float[] b : frames) {
                sum += Descriptors.distance(a, b);
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = a;
            }
        }
        return best;
    }

    /** @return index of the login template nearest to another template, or −1 if there is none from a login */
    private static int leastUseful(List<Current> current) {
        int worst = -1;
        double nearestOfWorst = Double.POSITIVE_INFINITY;
        for (int i = 0; i < current.size(); i++) {
            if (!current.get(i).fromLogin()) {
                continue;
            }
            double nearest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < current.size(); j++) {
                if (j != i) {
                    nearest = Math.min(nearest, Descriptors.distance(current.get(i).descriptor(),
                            current.get(j).descriptor()));
                }
            }
            if (nearest < nearestOfWorst) {
                nearestOfWorst = nearest;
                worst = i;
            }
        }
        return worst;
    }
}

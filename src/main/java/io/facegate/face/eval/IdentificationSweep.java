package io.facegate.face.eval;

import java.util.List;

import io.facegate.face.eval.IdentificationProtocol.Attempt;
import io.facegate.face.match.MatchPolicy;

/**
 * Identification figures from recorded attempts ({@link IdentificationProtocol.Attempt}), decided with
 * {@link MatchPolicy#accepts} exactly as the gallery decides:
 * <ul>
 *   <li><b>FPIR</b> (false-positive identification rate): share of non-mated attempts (strangers) in which some
 *       user is accepted;</li>
 *   <li><b>identification rate</b>: share of mated attempts in which the person is accepted as themselves;</li>
 *   <li><b>wrong accepts</b>: mated attempts accepted as another user.</li>
 * </ul>
 */
public final class IdentificationSweep {

    /**
     * @param mated               mated attempts
     * @param nonMated            non-mated attempts
     * @param identified          mated attempts accepted as the right user
     * @param wrong               mated attempts accepted as another user
     * @param falsePositives      non-mated attempts accepted
     * @param identificationThreshold the score threshold used, at the attempts' gallery size (the first attempt's)
     */
    public record Result(int mated, int nonMated, int identified, int wrong, int falsePositives,
                         double identificationThreshold) {
        /** @return identification rate, in [0, 1] */
        public double identificationRate() {
            return mated == 0 ? Double.NaN : (double) identified / mated;
        }

        /** @return false-positive identification rate, in [0, 1] */
        public double fpir() {
            return nonMated == 0 ? Double.NaN : (double) falsePositives / nonMated;
        }
    }

    private IdentificationSweep() {
    }

    /**
     * @param attempts recorded attempts
     * @param policy   the rule
     * @return the counts under that rule
     */
    public static Result at(List<Attempt> attempts, MatchPolicy policy) {
        int mated = 0;
        int nonMated = 0;
        int identified = 0;
        int wrong = 0;
        int fp = 0;
        for (Attempt a : attempts) {
            boolean accepted = accepts(a, policy);
            if (a.mated()) {
                mated++;
                if (accepted && a.ownerFirst()) {
                    identified++;
                } else if (accepted) {
                    wrong++;
                }
            } else {
                nonMated++;
                if (accepted) {
                    fp++;
                }
            }
        }
        int users = attempts.isEmpty() ? 1 : attempts.get(0).galleryUsers();
        return new Result(mated, nonMated, identified, wrong, fp, policy.identificationThreshold(users));
    }

    /**
     * @param a      a recorded attempt
     * @param policy the rule
     * @return whether the rule accepts the attempt's first-ranked user
     */
    public static boolean accepts(Attempt a, MatchPolicy policy) {
        return policy.accepts(a.score(), a.best(), a.second(), a.worstFrame(), a.galleryUsers());
    }

    /**
     * The largest identification (score) threshold whose FPIR is at most {@code targetFpir}, for attempts of one
     * gallery size, the margin, verification threshold and scoring of {@code base} kept: midway between the scores
     * of the last non-mated attempt allowed and the first one not allowed (with the nearest-distance score at most
     * the verification threshold, beyond which nothing more is accepted). The threshold found applies at every
     * gallery size (no drop).
     *
     * @param attempts   recorded attempts, with at least one non-mated
     * @param base       margin and verification threshold to keep
     * @param targetFpir e.g. 1e-3
     * @return the counts at that threshold
     * @throws IllegalArgumentException if there is no non-mated attempt
     */
    public static Result atFpir(List<Attempt> attempts, MatchPolicy base, double targetFpir) {
        long nonMated = attempts.stream().filter(a -> !a.mated()).count();
        if (nonMated == 0) {
            throw new IllegalArgumentException("FPIR needs non-mated attempts");
        }
        // fused distances of strangers that would pass every other part of the rule at any threshold
        double[] passing = attempts.stream().filter(a -> !a.mated())
                .filter(a -> a.second() - a.best() >= base.identificationMargin()
                        && a.worstFrame() <= base.verificationThreshold())
                .mapToDouble(Attempt::score).sorted().toArray();
        int allowed = (int) Math.floor(targetFpir * nonMated);
        double threshold;
        double ceiling = base.spreadNormalised() ? 2 : base.verificationThreshold();
        if (allowed >= passing.length) {
            threshold = ceiling;
        } else {
            double first = passing[allowed];
            int below = allowed - 1;
            while (below >= 0 && passing[below] == first) {
                below--;
            }
            threshold = below >= 0 ? (passing[below] + first) / 2 : Math.nextDown(first);
            threshold = Math.min(threshold, ceiling);
        }
        if (!(threshold > 0)) {
            threshold = Double.MIN_VALUE;
        }
        return at(attempts, new MatchPolicy(base.verificationThreshold(), threshold, base.identificationMargin(), 0,
                base.spreadNormalised()));
    }
}

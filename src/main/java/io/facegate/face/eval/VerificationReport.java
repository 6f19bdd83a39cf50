package io.facegate.face.eval;

import java.util.List;

/**
 * Face verification results over a list of pairs. The decision rule everywhere is "same person iff
 * distance &lt; threshold"; pairs without a face are counted in every denominator and are always wrong.
 *
 * @param pairs     number of pairs
 * @param genuine   same-person pairs
 * @param impostor  different-person pairs
 * @param noFace    pairs where a face was missing in at least one image
 * @param accuracy  accuracy (cross-validated when there are folds)
 * @param tarAtFmr  true accept rate at false match rates 1e-2, 1e-3, 1e-4
 * @param eer       equal error rate
 */
public record VerificationReport(int pairs, int genuine, int impostor, int noFace, Accuracy accuracy,
                                 List<TarAtFmr> tarAtFmr, Eer eer) {

    /** Copies the list. */
    public VerificationReport {
        tarAtFmr = List.copyOf(tarAtFmr);
    }

    /**
     * @param mean           mean accuracy over the test folds (or the accuracy at the best threshold without folds)
     * @param std            population standard deviation of the fold accuracies (0 without folds)
     * @param threshold      the best threshold on all pairs (the one to configure; without folds the accuracy was
     *                       measured at it, so it is optimistic)
     * @param folds          number of folds (1 = no cross-validation)
     * @param foldAccuracies accuracy on each test fold, in fold order (empty without folds)
     * @param foldThresholds threshold chosen on the other folds for each test fold (empty without folds)
     */
    public record Accuracy(double mean, double std, double threshold, int folds, List<Double> foldAccuracies,
                           List<Double> foldThresholds) {
        /** Copies the lists. */
        public Accuracy {
            foldAccuracies = List.copyOf(foldAccuracies);
            foldThresholds = List.copyOf(foldThresholds);
        }
    }

    /**
     * @param fmr         target false match rate, e.g. 1e-3
     * @param available   whether the rate could be measured
     * @param tar         true accept rate at the threshold (NaN when not available)
     * @param achievedFmr false match rate actually reached at the threshold, ≤ fmr (NaN when not available)
     * @param threshold   the largest threshold whose false match rate is ≤ fmr (NaN when not available)
     * @param note        why it is not available ("" when it is)
     */
    public record TarAtFmr(double fmr, boolean available, double tar, double achievedFmr, double threshold,
                           String note) {
    }

    /**
     * @param rate      equal error rate: mean of FMR and FNMR where they are closest
     * @param fmr       false match rate at the threshold
     * @param fnmr      false non-match rate at the threshold
     * @param threshold the threshold where FMR and FNMR are closest (NaN without both kinds of pairs)
     */
    public record Eer(double rate, double fmr, double fnmr, double threshold) {
    }
}

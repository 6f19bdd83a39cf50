package io.facegate.face.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.facegate.face.eval.VerificationReport.Accuracy;
import io.facegate.face.eval.VerificationReport.Eer;
import io.facegate.face.eval.VerificationReport.TarAtFmr;

/**
 * Verification metrics from pair distances (lower = same), following the LFW protocol.
 *
 * <ul>
 *   <li><b>Decision rule</b>: same iff distance &lt; threshold (as face-api.js's {@code FaceMatcher}).</li>
 *   <li><b>Candidate thresholds</b>: the smallest distance (accept none), the midpoints between consecutive
 *       distinct distances, and just above the largest (accept all); these cover every possible split.</li>
 *   <li><b>Accuracy</b> with F &gt; 1 folds (LFW "10 300"): for each fold, the threshold with the best accuracy
 *       on the other F−1 folds (the smallest such threshold on ties) is applied to that fold; the result is
 *       the mean ± population standard deviation of the F fold accuracies. With 1 fold: the accuracy at the
 *       best threshold on all pairs (optimistic, since chosen on the same pairs).</li>
 *   <li><b>TAR at FMR f</b>: the largest threshold whose false match rate is ≤ f, and the share of genuine
 *       pairs accepted there. Reported as not available when there are fewer than 10/f impostor pairs (fewer
 *       than 10 false matches would decide it), or when pairs without a face alone exceed f.</li>
 *   <li><b>EER</b>: at the candidate threshold where FMR and FNMR are closest, their mean.</li>
 *   <li>Pairs without a face count as errors: a false non-match for a genuine pair, a false match for an
 *       impostor pair, at every threshold.</li>
 * </ul>
 */
public final class VerificationMetrics {

    /** The false match rates reported: 1e-2, 1e-3, 1e-4. */
    public static final List<Double> FMR_TARGETS = List.of(1e-2, 1e-3, 1e-4);

    /** Minimum expected number of false matches for a TAR at FMR to be reported (so, ≥ 10/f impostor pairs). */
    public static final int MIN_FALSE_MATCHES = 10;

    private VerificationMetrics() {
    }

    /**
     * @param scores one entry per pair; fold indices in {@code 0..folds-1}
     * @param folds  number of folds, 1 for no cross-validation
     * @return the report
     * @throws IllegalArgumentException if there are no pairs, or a fold index is out of range, or a fold is empty
     */
    public static VerificationReport evaluate(List<PairScore> scores, int folds) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("No pairs to evaluate");
        }
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be at least 1, got " + folds);
        }
        int genuine = 0;
        int noFace = 0;
        int[] perFold = new int[folds];
        for (PairScore s : scores) {
            if (s.fold() < 0 || s.fold() >= folds) {
                throw new IllegalArgumentException("Fold " + s.fold() + " is outside 0.." + (folds - 1));
            }
            perFold[s.fold()]++;
            genuine += s.same() ? 1 : 0;
            noFace += s.noFace() ? 1 : 0;
        }
        for (int f = 0; f < folds; f++) {
            if (perFold[f] == 0) {
                throw new IllegalArgumentException("Fold " + f + " has no pairs");
            }
        }
        List<TarAtFmr> tars = new ArrayList<>();
        for (double fmr : FMR_TARGETS) {
            tars.add(tarAtFmr(scores, fmr));
        }
        return new VerificationReport(scores.size(), genuine, scores.size() - genuine, noFace,
                accuracy(scores, folds), tars, eer(scores));
    }

    /**
     * @return the accuracy, cross-validated over the folds when {@code folds > 1}
     */
    static Accuracy accuracy(List<PairScore> scores, int folds) {
        double overall = bestThreshold(scores);
        if (folds == 1) {
            return new Accuracy(accuracyAt(scores, overall), 0, overall, 1, List.of(), List.of());
        }
        List<Double> accuracies = new ArrayList<>();
        List<Double> thresholds = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            int fold = f;
            List<PairScore> train = scores.stream().filter(s -> s.fold() != fold).toList();
            List<PairScore> test = scores.stream().filter(s -> s.fold() == fold).toList();
            double t = bestThreshold(train);
            thresholds.add(t);
            accuracies.add(accuracyAt(test, t));
        }
        double mean = accuracies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double var = accuracies.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / folds;
        return new Accuracy(mean, Math.sqrt(var), overall, folds, accuracies, thresholds);
    }

    /**
     * @return share of pairs decided correctly at {@code threshold}, 0–1 (pairs without a face are wrong)
     */
    static double accuracyAt(List<PairScore> scores, double threshold) {
        long correct = scores.stream().filter(s -> s.correctAt(threshold)).count();
        return (double) correct / scores.size();
    }

    /**
     * @return the candidate threshold with the most correct decisions (the smallest on ties); NaN if no pair
     *         has a distance
     */
    static double bestThreshold(List<PairScore> scores) {
        Sorted sorted = Sorted.of(scores);
        if (sorted.d.length == 0) {
            return Double.NaN;
        }
        // threshold = smallest distance: nothing accepted, every impostor right
        long correct = sorted.impostors;
        long best = correct;
        double bestThreshold = sorted.d[0];
        int i = 0;
        while (i < sorted.d.length) {
            int j = i;
            while (j < sorted.d.length && sorted.d[j] == sorted.d[i]) {
                correct += sorted.same[j] ? 1 : -1;
                j++;
            }
            if (correct > best) {
                best = correct;
                bestThreshold = j < sorted.d.length ? (sorted.d[i] + sorted.d[j]) / 2 : Math.nextUp(sorted.d[i]);
            }
            i = j;
        }
        return bestThreshold;
    }

    /** @return TAR at the target FMR, or a not-available entry with the reason */
    static TarAtFmr tarAtFmr(List<PairScore> scores, double fmr) {
        long impostors = scores.stream().filter(s -> !s.same()).count();
        long genuine = scores.size() - impostors;
        long needed = (long) Math.ceil(MIN_FALSE_MATCHES / fmr - 1e-9);
        String label = String.format(Locale.ROOT, "FMR %.0e", fmr);
        if (impostors < needed) {
            return unavailable(fmr, label + " needs at least " + needed + " different-person pairs; there are "
                    + impostors + ".");
        }
        if (genuine == 0) {
            return unavailable(fmr, "There are no same-person pairs.");
        }
        long missingImpostors = scores.stream().filter(s -> !s.same() && s.noFace()).count();
        long allowed = (long) Math.floor(fmr * impostors + 1e-9);
        long k = allowed - missingImpostors;
        if (k < 0) {
            return unavailable(fmr, missingImpostors + " different-person pairs without a face already exceed "
                    + label + ".");
        }
        double[] imp = scores.stream().filter(s -> !s.same() && !s.noFace()).mapToDouble(PairScore::distance)
                .sorted().toArray();
        double threshold;
        if (k < imp.length) {
            threshold = imp[(int) k];
        } else {
            threshold = Math.nextUp(scores.stream().filter(s -> !s.noFace()).mapToDouble(PairScore::distance)
                    .max().orElse(0));
        }
        double t = threshold;
        long accepted = scores.stream().filter(s -> s.same() && !s.noFace() && s.distance() < t).count();
        long falseMatches = missingImpostors + Arrays.stream(imp).filter(d -> d < t).count();
        return new TarAtFmr(fmr, true, (double) accepted / genuine, (double) falseMatches / impostors, threshold, "");
    }

    private static TarAtFmr unavailable(double fmr, String note) {
        return new TarAtFmr(fmr, false, Double.NaN, Double.NaN, Double.NaN, note);
    }

    /** @return the equal error rate over the candidate thresholds */
    static Eer eer(List<PairScore> scores) {
        Sorted sorted = Sorted.of(scores);
        long genuine = scores.stream().filter(PairScore::same).count();
        long impostors = scores.size() - genuine;
        if (genuine == 0 || impostors == 0) {
            return new Eer(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long missingGenuine = scores.stream().filter(s -> s.same() && s.noFace()).count();
        long missingImpostors = scores.stream().filter(s -> !s.same() && s.noFace()).count();
        // threshold = smallest distance (or 0 without distances): nothing accepted
        long falseMatches = missingImpostors;
        long falseNonMatches = genuine;
        double threshold = sorted.d.length == 0 ? 0 : sorted.d[0];
        double fmr = (double) falseMatches / impostors;
        double fnmr = (double) falseNonMatches / genuine;
        double bestGap = Math.abs(fmr - fnmr);
        Eer best = new Eer((fmr + fnmr) / 2, fmr, fnmr, threshold);
        int i = 0;
        while (i < sorted.d.length) {
            int j = i;
            while (j < sorted.d.length && sorted.d[j] == sorted.d[i]) {
                if (sorted.same[j]) {
                    falseNonMatches--;
                } else {
                    falseMatches++;
                }
                j++;
            }
            threshold = j < sorted.d.length ? (sorted.d[i] + sorted.d[j]) / 2 : Math.nextUp(sorted.d[i]);
            fmr = (double) falseMatches / impostors;
            fnmr = (double) falseNonMatches / genuine;
            if (Math.abs(fmr - fnmr) < bestGap) {
                bestGap = Math.abs(fmr - fnmr);
                best = new Eer((fmr + fnmr) / 2, fmr, fnmr, threshold);
            }
            i = j;
        }
        return best;
    }

    /** Scored pairs sorted by distance, with their labels; counts the scored impostors. */
    private record Sorted(double[] d, boolean[] same, long impostors) {
        static Sorted of(List<PairScore> scores) {
            List<PairScore> scored = scores.stream().filter(s -> !s.noFace())
                    .sorted((a, b) -> Double.compare(a.distance(), b.distance())).toList();
            double[] d = new double[scored.size()];
            boolean[] same = new boolean[scored.size()];
            long impostors = 0;
            for (int i = 0; i < d.length; i++) {
                d[i] = scored.get(i).distance();
                same[i] = scored.get(i).same();
                impostors += same[i] ? 0 : 1;
            }
            return new Sorted(d, same, impostors);
        }
    }
}

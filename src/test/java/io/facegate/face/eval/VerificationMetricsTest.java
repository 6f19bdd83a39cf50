package io.facegate.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.eval.VerificationReport.Accuracy;
import io.facegate.face.eval.VerificationReport.Eer;
import io.facegate.face.eval.VerificationReport.TarAtFmr;

/** Metrics on hand-made distance lists whose expected values are worked out in each test's comment. */
class VerificationMetricsTest {

    private static final double EPS = 1e-12;

    /**
     * Sorted: 0.2G 0.3G 0.4I 0.5G 0.6I 0.7I. Correct decisions per split: 3,4,5,4,5,4,3 → the first best split
     * lies between 0.3 and 0.4 (threshold 0.35), 5 of 6 right.
     */
    private static List<PairScore> six() {
        return List.of(PairScore.of(0, true, 0.2), PairScore.of(0, true, 0.3), PairScore.of(0, false, 0.4),
                PairScore.of(0, true, 0.5), PairScore.of(0, false, 0.6), PairScore.of(0, false, 0.7));
    }

    @Test
    void accuracyAtTheBestThresholdWithoutFolds() {
        Accuracy a = VerificationMetrics.evaluate(six(), 1).accuracy();
        assertThat(a.threshold()).isCloseTo(0.35, within(EPS));
        assertThat(a.mean()).isCloseTo(5.0 / 6, within(EPS));
        assertThat(a.std()).isZero();
        assertThat(a.foldAccuracies()).isEmpty();
    }

    /** A same-person pair without a face is wrong at every threshold: 5 of 7; the threshold does not move. */
    @Test
    void pairsWithoutAFaceAreErrors() {
        List<PairScore> scores = new ArrayList<>(six());
        scores.add(PairScore.noFace(0, true));
        VerificationReport r = VerificationMetrics.evaluate(scores, 1);
        assertThat(r.noFace()).isEqualTo(1);
        assertThat(r.accuracy().mean()).isCloseTo(5.0 / 7, within(EPS));
        assertThat(r.accuracy().threshold()).isCloseTo(0.35, within(EPS));
        // EER: the missing genuine pair is a false non-match everywhere
        assertThat(r.eer().fnmr()).isGreaterThanOrEqualTo(0.25);
    }

    /**
     * Fold 0: G 0.1 0.2, I 0.5 0.6. Fold 1: G 0.3 0.7, I 0.4 0.8. Trained on fold 1 the best threshold is 0.35
     * (3 of 4), fold 0 at 0.35: 4/4. Trained on fold 0: 0.35 (4 of 4), fold 1 at 0.35: 3/4 (G 0.7 missed).
     * Mean 0.875, population std 0.125; on all pairs the best threshold is also 0.35.
     */
    @Test
    void tenFoldProtocolChoosesTheThresholdOnTheOtherFolds() {
        List<PairScore> scores = List.of(
                PairScore.of(0, true, 0.1), PairScore.of(0, true, 0.2),
                PairScore.of(0, false, 0.5), PairScore.of(0, false, 0.6),
                PairScore.of(1, true, 0.3), PairScore.of(1, true, 0.7),
                PairScore.of(1, false, 0.4), PairScore.of(1, false, 0.8));
        Accuracy a = VerificationMetrics.evaluate(scores, 2).accuracy();
        assertThat(a.foldThresholds()).hasSize(2);
        assertThat(a.foldThresholds().get(0)).isCloseTo(0.35, within(EPS));
        assertThat(a.foldThresholds().get(1)).isCloseTo(0.35, within(EPS));
        assertThat(a.foldAccuracies()).containsExactly(1.0, 0.75);
        assertThat(a.mean()).isCloseTo(0.875, within(EPS));
        assertThat(a.std()).isCloseTo(0.125, within(EPS));
        assertThat(a.threshold()).isCloseTo(0.35, within(EPS));
    }

    /** Splits: (FMR, FNMR) = (0,1) (0,2/3) (0,1/3) (1/3,1/3) ... → EER 1/3 between 0.4 and 0.5. */
    @Test
    void equalErrorRate() {
        Eer eer = VerificationMetrics.evaluate(six(), 1).eer();
        assertThat(eer.rate()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(eer.fmr()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(eer.fnmr()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(eer.threshold()).isCloseTo(0.45, within(EPS));
    }

    /**
     * 1000 impostors at 0.500, 0.501, ... 1.499: FMR 1e-2 allows 10 false matches, so the threshold is the 11th
     * impostor distance, 0.510. Genuine: 50 at 0.3, 20 at 0.505, 30 at 0.6 → TAR 0.70. 1e-3 and 1e-4 need 10,000
     * and 100,000 impostors: not available.
     */
    @Test
    void tarAtFmr() {
        List<PairScore> scores = tarList(0);
        List<TarAtFmr> tars = VerificationMetrics.evaluate(scores, 1).tarAtFmr();
        assertThat(tars).hasSize(3);
        TarAtFmr at2 = tars.get(0);
        assertThat(at2.available()).isTrue();
        assertThat(at2.threshold()).isCloseTo(0.510, within(1e-9));
        assertThat(at2.tar()).isCloseTo(0.70, within(EPS));
        assertThat(at2.achievedFmr()).isCloseTo(0.01, within(EPS));
        assertThat(tars.get(1).available()).isFalse();
        assertThat(tars.get(1).note()).isEqualTo("FMR 1e-03 needs at least 10000 different-person pairs; there are 1000.");
        assertThat(tars.get(2).available()).isFalse();
        assertThat(tars.get(2).note()).contains("100000");
    }

    /**
     * 5 impostor pairs without a face (1005 impostors, 10 false matches allowed) use up 5 of them: the threshold
     * drops to the 6th impostor distance, 0.505, where the 20 genuine at 0.505 are no longer accepted → 0.50.
     * With 11 such pairs the target cannot be met at all.
     */
    @Test
    void impostorsWithoutAFaceCountAsFalseMatches() {
        TarAtFmr at2 = VerificationMetrics.evaluate(tarList(5), 1).tarAtFmr().get(0);
        assertThat(at2.available()).isTrue();
        assertThat(at2.threshold()).isCloseTo(0.505, within(1e-9));
        assertThat(at2.tar()).isCloseTo(0.50, within(EPS));
        assertThat(at2.achievedFmr()).isCloseTo(10.0 / 1005, within(EPS));

        TarAtFmr none = VerificationMetrics.evaluate(tarList(11), 1).tarAtFmr().get(0);
        assertThat(none.available()).isFalse();
        assertThat(none.note()).startsWith("11 different-person pairs without a face");
    }

    private static List<PairScore> tarList(int impostorsWithoutFace) {
        List<PairScore> scores = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            scores.add(PairScore.of(0, false, 0.5 + i * 0.001));
        }
        for (int i = 0; i < impostorsWithoutFace; i++) {
            scores.add(PairScore.noFace(0, false));
        }
        for (int i = 0; i < 100; i++) {
            scores.add(PairScore.of(0, true, i < 50 ? 0.3 : i < 70 ? 0.505 : 0.6));
        }
        return scores;
    }
}

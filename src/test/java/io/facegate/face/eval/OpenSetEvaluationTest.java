package io.facegate.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.match.MatchPolicy;

/** {@link OpenSetEvaluation} on descriptors placed by hand, so every count is known. */
class OpenSetEvaluationTest {

    /** Person p's image i: a descriptor at 10·p on axis 0, and i·0.1 on axis 1 (same-person distance ≤ 0.2). */
    private static List<OpenSetEvaluation.Sample> grid(int people, int perPerson) {
        List<OpenSetEvaluation.Sample> samples = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            for (int i = 0; i < perPerson; i++) {
                float[] d = new float[128];
                d[0] = 10f * p;
                d[1] = 0.1f * i;
                samples.add(new OpenSetEvaluation.Sample("person" + p, d));
            }
        }
        return samples;
    }

    @Test
    void countsEveryCrossPersonPair() {
        OpenSetEvaluation e = new OpenSetEvaluation(grid(4, 3));
        // 12 images: 66 pairs, of which 4·3 = 12 same-person.
        assertThat(e.impostorComparisons()).isEqualTo(54);
        assertThat(e.genuineComparisons()).isEqualTo(12);
        assertThat(e.persons()).isEqualTo(4);
        assertThat(e.closestImpostor()).isCloseTo(10, within(1e-6));
        assertThat(e.fmr(9.99)).isZero();
        assertThat(e.fmr(10.3)).isCloseTo(27.0 / 54, within(1e-12)); // neighbours at 10 apart: 3 pairs of people
        assertThat(e.fnmrAllGenuine(0.15)).isCloseTo(4.0 / 12, within(1e-12)); // the 0.2 pairs rejected
    }

    @Test
    void thresholdAtFmrStopsBeforeTheFirstDisallowedFalseMatch() {
        OpenSetEvaluation e = new OpenSetEvaluation(grid(4, 1));
        // Impostor distances: 10, 10, 10, 20, 20, 30. FMR 0 → below 10; FMR 0.5 (3 allowed) → between 10 and 20.
        assertThat(e.thresholdAtFmr(0.0)).isCloseTo(5, within(1e-6));
        assertThat(e.thresholdAtFmr(0.5)).isCloseTo(15, within(1e-6));
        assertThat(e.fmr(e.thresholdAtFmr(0.5))).isEqualTo(0.5);
    }

    @Test
    void identificationAcceptsEnrolledAndRefusesStrangers() {
        OpenSetEvaluation e = new OpenSetEvaluation(grid(30, 2));
        var r = e.identification(10, new MatchPolicy(1, 1, 0.5), 200, 1);
        assertThat(r.falseAccepts()).isZero();
        assertThat(r.correctAccepts()).isEqualTo(200);
        assertThat(r.wrongAccepts()).isZero();
        // A threshold past the 10 px spacing accepts strangers whenever a gallery neighbour is 10 away.
        var loose = e.identification(10, new MatchPolicy(11, 11, 0), 200, 1);
        assertThat(loose.falseAccepts()).isPositive();
        assertThatThrownBy(() -> e.identification(30, MatchPolicy.DEFAULT, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this set has 30");
    }
}

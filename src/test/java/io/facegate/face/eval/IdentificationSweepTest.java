package io.facegate.face.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.eval.IdentificationProtocol.Attempt;
import io.facegate.face.match.MatchPolicy;

class IdentificationSweepTest {

    /** 4 mated attempts and 1,000 strangers, distances chosen so the counts can be worked out by hand. */
    private static List<Attempt> attempts() {
        List<Attempt> a = new ArrayList<>();
        a.add(new Attempt(true, true, 0.30, 0.70, 0.30));   // clear
        a.add(new Attempt(true, true, 0.38, 0.40, 0.38));   // margin 0.02 only
        a.add(new Attempt(true, false, 0.35, 0.60, 0.35));  // another user ranked first
        a.add(new Attempt(true, true, 0.44, 0.80, 0.44));   // beyond 0.40
        for (int i = 0; i < 1000; i++) {
            // strangers: best distances 0.36, 0.37, 0.38 for three of them, the rest far; all with margin 0.1
            double best = i < 3 ? 0.36 + 0.01 * i : 0.6;
            a.add(new Attempt(false, false, best, best + 0.1, best));
        }
        return a;
    }

    @Test
    void countsIdentifiedWrongAndFalsePositivesUnderAPolicy() {
        var r = IdentificationSweep.at(attempts(), new MatchPolicy(0.47, 0.40, 0.05));
        assertEquals(4, r.mated());
        assertEquals(1000, r.nonMated());
        assertEquals(1, r.identified());          // only the clear one: 0.38 fails the margin, 0.44 the threshold
        assertEquals(1, r.wrong());
        assertEquals(3, r.falsePositives());
        assertEquals(0.25, r.identificationRate(), 1e-12);
        assertEquals(3e-3, r.fpir(), 1e-12);
    }

    @Test
    void thresholdAtAnFpirAllowsExactlyThatManyStrangers() {
        // FPIR <= 1e-3 of 1,000 strangers: one may pass, so the threshold falls midway between the first stranger
        // (0.36, allowed) and the second (0.37, not allowed).
        var r = IdentificationSweep.atFpir(attempts(), new MatchPolicy(0.47, 0.40, 0.05), 1e-3);
        assertEquals(0.365, r.identificationThreshold(), 1e-9);
        assertEquals(1, r.falsePositives());
        assertEquals(1, r.identified());
        assertEquals(1, r.wrong());   // 0.35 of another user passes too
    }

    @Test
    void thresholdIsCappedAtTheVerificationThresholdWhenFewStrangersPass() {
        var r = IdentificationSweep.atFpir(attempts(), new MatchPolicy(0.47, 0.40, 0.2), 1e-2);
        // no stranger has margin 0.2, so nothing limits the threshold but the verification threshold
        assertEquals(0.47, r.identificationThreshold(), 1e-12);
        assertEquals(0, r.falsePositives());
        assertEquals(2, r.identified());          // 0.30/0.70 and 0.44/0.80
    }

    @Test
    void fpirNeedsStrangers() {
        assertThrows(IllegalArgumentException.class, () -> IdentificationSweep.atFpir(
                List.of(new Attempt(true, true, 0.3, 0.7, 0.3)), MatchPolicy.DEFAULT, 1e-3));
    }
}

package io.facegate.face.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatchPolicyTest {

    @Test
    void defaultsAreTheLfwCalibration() {
        assertEquals(new MatchPolicy(0.44, 0.31, 0.08, 0.04, true), MatchPolicy.DEFAULT);
    }

    @Test
    void acceptsOnlyWithinTheThresholdWithTheMarginAndEveryFrameWithinVerification() {
        MatchPolicy p = new MatchPolicy(0.46, 0.41, 0.10);
        assertTrue(p.accepts(0.41, 0.41, 0.51, 0.46, 10));
        assertFalse(p.accepts(0.4101, 0.4101, 0.9, 0.41, 10));   // fused distance beyond 0.41
        assertFalse(p.accepts(0.30, 0.30, 0.399, 0.30, 10));     // second user 0.099 farther only
        assertFalse(p.accepts(0.30, 0.30, 0.9, 0.4601, 10));     // one frame alone beyond verification
        assertTrue(p.accepts(0.41, 0.41, 0.51, 0.46, 100_000));  // the earlier rule ignores the gallery size
    }

    @Test
    void theScoreThresholdDropsWithTheGallerySize() {
        MatchPolicy p = MatchPolicy.DEFAULT;
        assertEquals(0.31, p.identificationThreshold(1), 1e-12);
        assertEquals(0.31, p.identificationThreshold(10), 1e-12);
        assertEquals(0.31 - 0.04, p.identificationThreshold(100), 1e-12);
        assertEquals(0.31 - 0.08, p.identificationThreshold(1000), 1e-12);
        assertTrue(p.identificationThreshold(101) < p.identificationThreshold(100));
        // the same attempt: accepted among 100 users, refused among 1000 (a stranger has ten times the chances)
        assertTrue(p.accepts(0.265, 0.35, 0.60, 0.40, 100));
        assertFalse(p.accepts(0.265, 0.35, 0.60, 0.40, 1000));
        assertTrue(p.accepts(0.225, 0.35, 0.60, 0.40, 1000));
        // margin on the fused distances: 0.079 is not enough
        assertFalse(p.accepts(0.20, 0.35, 0.429, 0.40, 10));
    }

    @Test
    void theFrameScoreSubtractsHalfTheCappedSpread() {
        MatchPolicy p = MatchPolicy.DEFAULT;
        assertEquals(0.50 - 0.5 * 0.30, p.frameScore(0.50, 0.40, 0.30), 1e-12);
        assertEquals(0.50 - 0.5 * 0.60, p.frameScore(0.50, 0.40, 0.90), 1e-12);   // capped
        assertEquals(0.40, new MatchPolicy(0.46, 0.41, 0.10).frameScore(0.50, 0.40, 0.30), 1e-12);
    }

    @Test
    void nonsenseValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0, 0.6, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0.6, Double.NaN, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0.6, 0.6, -0.01));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(Double.POSITIVE_INFINITY, 0.6, 0));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0.6, 0.6, 0, -0.01, true));
    }
}

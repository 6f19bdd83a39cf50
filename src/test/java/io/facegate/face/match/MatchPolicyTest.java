package io.facegate.face.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatchPolicyTest {

    @Test
    void defaultsAreTheLfwCalibration() {
        assertEquals(new MatchPolicy(0.46, 0.41, 0.10), MatchPolicy.DEFAULT);
    }

    @Test
    void acceptsOnlyWithinTheThresholdWithTheMarginAndEveryFrameWithinVerification() {
        MatchPolicy p = new MatchPolicy(0.46, 0.41, 0.10);
        assertTrue(p.accepts(0.41, 0.51, 0.46));
        assertFalse(p.accepts(0.4101, 0.9, 0.41));   // fused distance beyond 0.41
        assertFalse(p.accepts(0.30, 0.399, 0.30));   // second user 0.099 farther only
        assertFalse(p.accepts(0.30, 0.9, 0.4601));   // one frame alone beyond verification
    }

    @Test
    void nonsenseValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0, 0.6, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0.6, Double.NaN, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0.6, 0.6, -0.01));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(Double.POSITIVE_INFINITY, 0.6, 0));
    }
}

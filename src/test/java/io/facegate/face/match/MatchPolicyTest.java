package io.facegate.face.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MatchPolicyTest {

    @Test
    void defaultsAreDlibsThresholdAndAProvisionalMargin() {
        assertEquals(new MatchPolicy(0.47, 0.40, 0.05), MatchPolicy.DEFAULT);
    }

    @Test
    void nonsenseValuesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0, 0.6, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0.6, Double.NaN, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(0.6, 0.6, -0.01));
        assertThrows(IllegalArgumentException.class, () -> new MatchPolicy(Double.POSITIVE_INFINITY, 0.6, 0));
    }
}

package io.facegate.face.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DescriptorsTest {

    static float[] axis(int i, float value) {
        float[] d = new float[Descriptors.LENGTH];
        d[i] = value;
        return d;
    }

    @Test
    void distanceIsEuclidean() {
        // √(0.375² + 0.5²) = √0.390625 = 0.625, all exact in binary.
        assertEquals(0.625, Descriptors.distance(axis(0, 0.375f), axis(1, 0.5f)), 0.0);
        assertEquals(0.625, Descriptors.distance(axis(1, 0.5f), axis(0, 0.375f)), 0.0);
    }

    @Test
    void distanceSumsAllDimensions() {
        float[] a = new float[Descriptors.LENGTH];
        float[] b = new float[Descriptors.LENGTH];
        Arrays.fill(b, 0.0625f);
        // √(128 · 0.0625²) = 0.0625 · √128 = 0.70711
        assertEquals(0.0625 * Math.sqrt(128), Descriptors.distance(a, b), 1e-12);
    }

    @Test
    void distanceToItselfIsZero() {
        float[] a = axis(5, -1.25f);
        assertEquals(0.0, Descriptors.distance(a, a), 0.0);
    }

    @Test
    void differentLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Descriptors.distance(new float[128], new float[127]));
    }
}

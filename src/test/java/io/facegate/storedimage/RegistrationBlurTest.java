package io.facegate.storedimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link Registration#gaussian} (taps without bounds checks) gives bit for bit the values of the plain clamped convolution
 * (the same taps added in the same order), so the stored-image check's peaks, and its decisions, are unchanged.
 */
class RegistrationBlurTest {

    /** The blur as first written (the same taps): every tap's index clamped, row pass then column pass. */
    private static float[] clamped(float[] src, int w, int h, double sigma) {
        float[] k = Registration.kernel(sigma);
        int r = k.length / 2;
        float[] tmp = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * src[y * w + Math.max(0, Math.min(w - 1, x + i))];
                }
                tmp[y * w + x] = acc;
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int i = -r; i <= r; i++) {
                    acc += k[i + r] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }

    @Test
    void theFastPathGivesTheClampedConvolutionsValuesExactly() {
        Random random = new Random(7);
        int[][] sizes = {{300, 360}, {41, 17}, {5, 9}, {2, 2}, {13, 13}};
        for (double sigma : new double[] {1.0, 1.4, 2.0}) {
            for (int[] size : sizes) {
                float[] plane = new float[size[0] * size[1]];
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = random.nextInt(256) + (float) random.nextGaussian();
                }
                assertThat(Registration.gaussian(plane, size[0], size[1], sigma))
                        .as("σ %s, %d×%d", sigma, size[0], size[1])
                        .containsExactly(clamped(plane, size[0], size[1], sigma));
            }
        }
    }
}

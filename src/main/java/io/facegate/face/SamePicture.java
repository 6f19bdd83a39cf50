package io.facegate.face;

import io.facegate.face.image.RgbImage;

/**
 * Whether two decoded frames are the same picture: equal size and a mean absolute difference of their RGB channel
 * values below {@link #MAX_DIFFERENCE}. Catches one picture sent several times as Face ID setup's "several
 * pictures": identical bytes, the same pixels in another lossless file (PNG/BMP), a JPEG decoded twice, tiny
 * edits. Two frames of a real camera always differ by more (sensor noise, small motion), so they pass.
 *
 * <p>Pure; costs one pass over the pixels (frames are bounded by the decoder's limits).
 */
public final class SamePicture {

    /**
     * Largest mean absolute channel difference (0–255 levels) of two frames that are the same picture: 0.25.
     * Measured (test {@code SamePictureTest}): consecutive frames of the shared blink clip, a compressed video of a
     * still face at ~24 fps, differ by 0.51–2.2 levels; a PNG frame re-encoded as JPEG differs by 0.42 (quality
     * 1.0), 0.62 (0.95), 1.02 (0.75) and 1.47 (0.5). Half the smallest camera difference keeps every real frame
     * pair; re-encoded copies (≥ 0.4) are not caught by this rule.
     */
    public static final double MAX_DIFFERENCE = 0.25;

    private SamePicture() {
    }

    /**
     * @param a a frame
     * @param b another frame
     * @return the mean absolute difference of their RGB channel values (0–255), or {@code +∞} when their sizes
     *         differ
     */
    public static double difference(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            return Double.POSITIVE_INFINITY;
        }
        byte[] p = a.rgb();
        byte[] q = b.rgb();
        long sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Math.abs((p[i] & 0xFF) - (q[i] & 0xFF));
        }
        return p.length == 0 ? 0 : (double) sum / p.length;
    }

    /**
     * @param a a frame
     * @param b another frame
     * @return whether they are the same picture ({@link #difference} ≤ {@link #MAX_DIFFERENCE})
     */
    public static boolean same(RgbImage a, RgbImage b) {
        return difference(a, b) <= MAX_DIFFERENCE;
    }
}

package io.facegate.storedimage;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.RgbImage;

/**
 * Whether a camera frame is a near-duplicate of a stored label image: the label re-encoded (JPEG), rescaled,
 * cropped, or all three. A copy is the label under one global similarity transform plus codec and resampling
 * noise spread over the whole face; a new camera frame of the same person, however still, differs somewhere in the
 * face by a localised change (an eyelid, the mouth, the face against the background).
 *
 * <p>The measure: the frame's grey picture is registered onto the label's face region (the landmarks' box widened
 * by {@value #SIDE} of its width on each side, {@value #TOP} of its height above and {@value #BOTTOM} below) by a
 * similarity transform, from the 68 landmarks and refined to a fraction of a pixel ({@link Registration}); the
 * difference, less its mean, is blurred by a Gaussian of σ {@value #SIGMA} px (what JPEG noise and resampling leave
 * is mostly finer), cut into {@value #BLOCK}×{@value #BLOCK} px blocks, and the measure is the largest block's RMS,
 * in grey levels ({@link #peak}). Measured ({@code bench.NearCopyFigures}, README <i>Data and security</i>): copies
 * of the label images of accounts set up from the shared clips, LFW images and the test photos, made by every
 * combination of {PNG, JPEG 0.5, 0.75, 0.95} × {as is, scaled 0.9, 1.1, cropped 2 %, cropped and scaled}: peak
 * ≤ 2.76 levels; the clips' later frames (setup from their first part, login from the rest): ≥ 5.96. An earlier
 * run of the measure with 8 consecutive setup frames (blink clip at 8 fps, the first later frame 0.125 s after the
 * last of them) gave ≥ 4.02, so {@link #THRESHOLD} sits between 2.76 and 4.02.
 *
 * <p>Cost: one registration and one blur of the label's face region (≈ 200–310 px wide at webcam sizes): 10.9 ms
 * of CPU per comparison on average, measured on a shared machine; the label's side is prepared once
 * ({@link Label}).
 */
public final class NearCopy {

    /** Below this peak (grey levels) a frame may be a near-duplicate: between copies' 2.76 and real frames' 4.02. */
    public static final double THRESHOLD = 3.4;
    /**
     * How much closer a copy is to its own label than to the account's other labels, at least (peak ratio): a copy
     * keeps what is particular to one label; a new frame of a perfectly still scene is as close to every setup
     * frame of that scene.
     */
    public static final double SIBLING_RATIO = 1.3;
    /** Widening of the landmarks' box on each side, in box widths (takes in the face's outline). */
    static final double SIDE = 0.1;
    /** Widening above the landmarks' box, in box heights (the forehead). */
    static final double TOP = 0.25;
    /** Widening below the landmarks' box, in box heights. */
    static final double BOTTOM = 0.05;
    /** σ of the blur of the difference, px. */
    static final double SIGMA = 1.4;
    /** Block side, px. */
    static final int BLOCK = 16;
    /** Edge left out of the measure, px (where the blurs clamp). */
    static final int BORDER = 14;
    /** Margin around the mapped region when the frame's plane is cut, px. */
    private static final int MARGIN = 12;

    private NearCopy() {
    }

    /**
     * The label's side of a comparison, prepared once ({@link #of}): its face region's grey plane, that plane
     * blurred for the registration's two stages, and its landmarks. Immutable; about 13 bytes per pixel of the region.
     */
    public static final class Label {

        private final Registration.Plane plane;
        private final Registration.Plane coarse;
        private final Registration.Plane fine;
        private final FaceLandmarks landmarks;

        private Label(Registration.Plane plane, FaceLandmarks landmarks) {
            this.plane = plane;
            this.coarse = plane.blurred(2.0);
            this.fine = plane.blurred(1.0);
            this.landmarks = landmarks;
        }

        /**
         * @param image     the decoded label image
         * @param landmarks its face's 68 landmarks, in its pixels
         * @return the prepared label
         */
        public static Label of(RgbImage image, FaceLandmarks landmarks) {
            double minX = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (Point p : landmarks.points()) {
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
            double w = maxX - minX;
            double h = maxY - minY;
            return new Label(Registration.Plane.luma(image, (int) (minX - SIDE * w), (int) (minY - TOP * h),
                    (int) (maxX + SIDE * w), (int) (maxY + BOTTOM * h)), landmarks);
        }
    }

    /**
     * The decision: a frame is a near-duplicate of a label when its peak to that label is below {@link #THRESHOLD}
     * and its peak to each other label of the same account compared is at least {@link #SIBLING_RATIO} times
     * higher. A frame that is as close to the account's other labels as to this one (the setup frames of a scene
     * that did not move, which differ only by sensor noise) shows nothing particular to one label: it is not
     * refused, as such a scene gives copies and new frames alike (measured: a JPEG 0.75 copy of a frame with
     * σ = 2 levels of noise and a new frame with fresh noise differ from it by the same 0.6 levels).
     *
     * @param peak     the frame's peak to the nearest label ({@link #peak})
     * @param siblings its peaks to other labels of that label's account (may be empty)
     * @return whether the frame is a near-duplicate of that label
     */
    public static boolean isCopy(double peak, double... siblings) {
        if (!(peak < THRESHOLD)) {
            return false;
        }
        for (double sibling : siblings) {
            if (sibling < SIBLING_RATIO * peak) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param label     a prepared label image
     * @param frame     a decoded frame
     * @param landmarks the frame's face's landmarks
     * @return the largest block RMS of the registered, blurred difference in grey levels (0 for the same picture;
     *         below {@link #THRESHOLD}: a near-duplicate)
     */
    public static double peak(Label label, RgbImage frame, FaceLandmarks landmarks) {
        Registration.Plane s = label.plane;
        if (s.w() <= 2 * BORDER + BLOCK || s.h() <= 2 * BORDER + BLOCK) {
            return Double.MAX_VALUE;
        }
        double[] p = Registration.fromLandmarks(label.landmarks, landmarks);
        double u0 = Double.MAX_VALUE;
        double u1 = -Double.MAX_VALUE;
        double v0 = Double.MAX_VALUE;
        double v1 = -Double.MAX_VALUE;
        for (int cy = 0; cy <= 1; cy++) {
            for (int cx = 0; cx <= 1; cx++) {
                double x = s.x0() + cx * s.w();
                double y = s.y0() + cy * s.h();
                double u = p[0] * x - p[1] * y + p[2];
                double v = p[1] * x + p[0] * y + p[3];
                u0 = Math.min(u0, u);
                u1 = Math.max(u1, u);
                v0 = Math.min(v0, v);
                v1 = Math.max(v1, v);
            }
        }
        if (u1 - u0 > 4 * s.w() || v1 - v0 > 4 * s.h()) {
            return Double.MAX_VALUE; // a face of another size entirely: not a copy of this label
        }
        Registration.Plane c = Registration.Plane.luma(frame, (int) u0 - MARGIN, (int) v0 - MARGIN,
                (int) u1 + MARGIN, (int) v1 + MARGIN);
        p = Registration.refine(label.coarse, c.blurred(2.0), p, 4, 10, 6);
        p = Registration.refine(label.fine, c.blurred(1.0), p, 3, 8, 6);
        int w = s.w();
        int h = s.h();
        float[] diff = new float[w * h];
        double mean = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            int yy = s.y0() + y;
            for (int x = 0; x < w; x++) {
                int xx = s.x0() + x;
                float d = c.sample(p[0] * xx - p[1] * yy + p[2], p[1] * xx + p[0] * yy + p[3]) - s.v()[y * w + x];
                diff[y * w + x] = d;
                if (y >= BORDER && y < h - BORDER && x >= BORDER && x < w - BORDER) {
                    mean += d;
                    n++;
                }
            }
        }
        mean /= n;
        float[] smooth = Registration.gaussian(diff, w, h, SIGMA);
        double peak = 0;
        for (int by = BORDER; by + BLOCK <= h - BORDER; by += BLOCK) {
            for (int bx = BORDER; bx + BLOCK <= w - BORDER; bx += BLOCK) {
                double e = 0;
                for (int y = by; y < by + BLOCK; y++) {
                    for (int x = bx; x < bx + BLOCK; x++) {
                        double d = smooth[y * w + x] - mean;
                        e += d * d;
                    }
                }
                peak = Math.max(peak, Math.sqrt(e / (BLOCK * BLOCK)));
            }
        }
        return peak;
    }
}

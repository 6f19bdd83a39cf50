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
 * in grey levels ({@link Comparison#peak}). Measured ({@code bench.NearCopyFigures}, README <i>Data and security</i>): copies
 * of the label images of accounts set up from the shared clips, LFW images and the test photos, made by every
 * combination of {PNG, JPEG 0.5, 0.75, 0.95} × {as is, scaled 0.9, 1.1, cropped 2 %, cropped and scaled}: peak
 * ≤ 2.76 levels; the clips' later frames (setup from their first part, login from the rest): ≥ 5.96. An earlier
 * run of the measure with 8 consecutive setup frames (blink clip at 8 fps, the first later frame 0.125 s after the
 * last of them) gave ≥ 4.02, so {@link #THRESHOLD} sits between 2.76 and 4.02.
 *
 * <p>When the setup frames are near-identical stills (person and camera still), a copy's peak is as low to every
 * label, so the peak cannot tell which label was copied. The second measure does: the correlation of the registered
 * frame's fine detail (the picture less its blur by σ {@value #SIGMA} px) with the label's, each pixel weighted by
 * the inverse of the label's local detail energy so that flat skin and background, where the detail is sensor
 * noise, count most ({@link Comparison#noise}). A copy carries its label's own noise and correlates with it more
 * than with the other labels; a new frame brings noise of its own and correlates with all of them alike (noise
 * that is the same in every frame, fixed-pattern noise, cancels in that comparison). {@link #isCopy} combines both.
 *
 * <p>Cost: one registration and one blur of the label's face region (≈ 200–310 px wide at webcam sizes) and one
 * weighted sum over it: 12.4 ms of CPU per comparison at webcam sizes, measured on a shared machine (README); the
 * label's side, its fine detail and weights included, is prepared once ({@link Label}).
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
    /**
     * How much more a copy's fine detail correlates with its own label's than with each other label's of the
     * account, at least ({@link Comparison#noise} difference): a copy keeps its label's sensor noise, a new frame of
     * a still scene has noise of its own. Chosen on the development part ({@code bench.NearCopyFigures dev}: 6 LFW
     * people and the 3 test photos as still scenes with σ = 2 noise per shot): copies ≥ 0.0094 (JPEG 0.5 copies,
     * scaled or cropped and scaled, the lowest), new shots ≤ 0.0072; 0.0082 is their geometric mean.
     */
    public static final double NOISE_MARGIN = 0.0082;
    /** σ of the local energy of the label's fine detail that weighs its pixels, px. */
    static final double NOISE_WINDOW = 2.0;
    /**
     * Added to that local energy (grey levels²) before it weighs a pixel by its inverse: flat skin and background,
     * where the fine detail is mostly sensor noise, count most, edges (where it is the scene's) least.
     */
    static final double NOISE_FLOOR = 0.25;
    /** Margin around the mapped region when the frame's plane is cut, px. */
    private static final int MARGIN = 12;

    private NearCopy() {
    }

    /**
     * The label's side of a comparison, prepared once ({@link #of}): its face region's grey plane, that plane
     * blurred for the registration's two stages, and its landmarks. Immutable; about 21 bytes per pixel of the region.
     */
    public static final class Label {

        private final Registration.Plane plane;
        private final Registration.Plane coarse;
        private final Registration.Plane fine;
        private final FaceLandmarks landmarks;
        /** The plane less its blur by {@link #SIGMA}: the label's fine detail, sensor noise included. */
        private final float[] residual;
        /** Each pixel's weight in {@link Comparison#noise}: 1 / ({@link #NOISE_FLOOR} + local energy of the detail). */
        private final float[] weight;

        private Label(Registration.Plane plane, FaceLandmarks landmarks) {
            this.plane = plane;
            this.coarse = plane.blurred(2.0);
            this.fine = plane.blurred(1.0);
            this.landmarks = landmarks;
            float[] smooth = Registration.gaussian(plane.v(), plane.w(), plane.h(), SIGMA);
            this.residual = new float[smooth.length];
            float[] energy = new float[smooth.length];
            for (int i = 0; i < smooth.length; i++) {
                residual[i] = plane.v()[i] - smooth[i];
                energy[i] = residual[i] * residual[i];
            }
            energy = Registration.gaussian(energy, plane.w(), plane.h(), NOISE_WINDOW);
            this.weight = new float[smooth.length];
            for (int i = 0; i < smooth.length; i++) {
                weight[i] = (float) (1 / (NOISE_FLOOR + energy[i]));
            }
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
     * and, against each other label of the same account compared, it is particular to this label: its peak to the
     * other label is at least {@link #SIBLING_RATIO} times higher, or its fine detail correlates with this label's by
     * at least {@link #NOISE_MARGIN} more than with the other's. The second test is for the setup frames of a scene
     * that did not move, which differ only by sensor noise: a copy's peak is then as low to every label (a JPEG
     * 0.75 copy of a frame with σ = 2 levels of noise and a new frame with fresh noise differ from it by the same
     * 0.6 levels), but a copy still carries its own label's noise and a new frame carries noise of its own
     * (fixed-pattern noise, the same in every label, cancels in the difference). Not separable from a copy: a
     * genuine frame within a tenth of a second of a setup frame of a compressed video, which shares its fine detail
     * (measured: the two frames 42 and 83 ms after consecutive setup frames of the blink clip; README).
     *
     * @param candidate the frame against the label in question ({@link #compare})
     * @param siblings  the frame against other labels of that label's account (may be empty)
     * @return whether the frame is a near-duplicate of that label
     */
    public static boolean isCopy(Comparison candidate, Comparison... siblings) {
        double peak = candidate.peak();
        if (!(peak < THRESHOLD)) {
            return false;
        }
        for (Comparison sibling : siblings) {
            if (sibling.peak() < SIBLING_RATIO * peak && candidate.noise() - sibling.noise() < NOISE_MARGIN) {
                return false;
            }
        }
        return true;
    }

    /**
     * One frame against one label.
     *
     * @param peak  the largest block RMS of the registered, blurred difference, grey levels ({@link #compare})
     * @param noise the correlation (−1 to 1) of the registered frame's fine detail with the label's: what the picture
     *              less its blur by σ {@value #SIGMA} px keeps, sensor noise included ({@link #compare})
     */
    public record Comparison(double peak, double noise) {
        /** A label that cannot be compared (no face, or a face of another size entirely). */
        public static final Comparison NONE = new Comparison(Double.MAX_VALUE, 0);
    }

    /**
     * Registers the frame onto the label's face region and measures the difference twice: its worst block's RMS
     * ({@link Comparison#peak}) and the correlation of the two pictures' fine detail ({@link Comparison#noise}; the
     * registered frame's fine detail is the difference's less its blur plus the label's, so it costs no second
     * blur).
     *
     * @param label     a prepared label image
     * @param frame     a decoded frame
     * @param landmarks the frame's face's landmarks
     * @return both measures, or {@link Comparison#NONE} when the label's region is too small or the frame's face
     *         is of another size entirely
     */
    public static Comparison compare(Label label, RgbImage frame, FaceLandmarks landmarks) {
        Registration.Plane s = label.plane;
        if (s.w() <= 2 * BORDER + BLOCK || s.h() <= 2 * BORDER + BLOCK) {
            return Comparison.NONE;
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
            return Comparison.NONE; // a face of another size entirely: not a copy of this label
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
        double fl = 0;
        double ff = 0;
        double ll = 0;
        for (int y = BORDER; y < h - BORDER; y++) {
            for (int x = BORDER; x < w - BORDER; x++) {
                int i = y * w + x;
                double l = label.residual[i];
                double f = diff[i] - smooth[i] + l;
                double q = label.weight[i];
                fl += q * f * l;
                ff += q * f * f;
                ll += q * l * l;
            }
        }
        return new Comparison(peak, ff > 0 && ll > 0 ? fl / Math.sqrt(ff * ll) : 0);
    }
}

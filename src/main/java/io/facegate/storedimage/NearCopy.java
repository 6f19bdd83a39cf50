package io.facegate.storedimage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.RgbImage;
import io.facegate.face.landmarks.FaceLandmarker;

/**
 * Whether a camera frame is a near-duplicate of a stored label image: the label re-encoded (JPEG), rescaled,
 * (also on one axis only) or sheared, cropped, mirrored, with a global contrast, brightness or gamma change, or the
 * account page's thumbnail of it ({@code account.LabelThumbnail}) scaled back up, or several of these. A copy is the
 * label under one global affine transform (or its mirror image) and one global tone curve plus codec and resampling noise spread over
 * the whole face; a new camera frame of the same person, however still, differs somewhere in the face by a
 * localised change (an eyelid, the mouth, the face against the background).
 *
 * <p>The measure: the frame's grey picture is registered onto the label's face region (the landmarks' box widened
 * by {@value #SIDE} of its width on each side, {@value #TOP} of its height above and {@value #BOTTOM} below) by a
 * similarity from the 68 landmarks, refined as an affine map to a fraction of a pixel ({@link Registration}, which
 * leaves out the frame's clipped values: a strong contrast change turns dark hair flat black); the
 * same onto the label's mirror image (landmarks flipped with the left/right point permutation), and the orientation
 * that lines up better after a few iterations goes on. A cubic tone curve, applied to each of the label's R, G and B
 * and clipped to 0–255 as a picture is, is fitted to the registered frame's grey values by least squares
 * ({@value #TONE_FITS} times: each fit after the first leaves out the pixels where the one before clips a channel, as
 * a change that clips does so in each channel on its own); the
 * difference from it is blurred by a Gaussian of σ {@value #SIGMA} px (what JPEG noise and resampling leave is
 * mostly finer), cut into {@value #BLOCK}×{@value #BLOCK} px blocks, and the <i>fine peak</i> is the largest block's
 * RMS, in grey levels. The <i>thumbnail peak</i> is the same at half size against the R, G and B of the label's
 * thumbnail scaled back to the label's size, the difference blurred by {@value #THUMB_SIGMA} thumbnail px; it is
 * measured only for a frame without the label's fine detail (fine peak at least {@link #THRESHOLD}; see
 * {@link #isCopy}) ({@link #peak}). Measured
 * ({@code bench.NearCopyFigures}, README <i>Data and security</i>): copies of the label images of accounts set up
 * from the shared clips, LFW images and the test photos ({@code NearCopyTrials.COPIES}): fine peak ≤ 2.64 levels,
 * thumbnail copies' thumbnail peak ≤ 3.19 (the thumbnail scaled up with a brightness and contrast change, JPEG
 * 0.75; 2.10 without the tone change); the clips' later frames (setup from their first part, login from the
 * rest): fine ≥ 5.97, thumbnail ≥ 4.56. An earlier run of the fine measure with 8 consecutive setup frames (blink
 * clip at 8 fps, the first later frame 0.125 s after the last of them) gave ≥ 4.02, so {@link #THRESHOLD} sits
 * between 2.64 and 4.02; {@link #THUMB_THRESHOLD} between 3.19 and 4.56 (×1.19 and ×1.20).
 *
 * <p>Cost: two short registrations on the coarse planes, one full registration, two blurs of the frame's region and
 * two of the difference: 10.6 ms of CPU per comparison on average on the bench (14.7 ms for the blink clip's
 * 300 px faces), measured on a shared machine (10.4 ms before the mirror, tone and thumbnail stages, the blurs then
 * slower); the label's side is prepared once ({@link Label}), with the registration's sample points
 * ({@code Registration.Grid}), and the frame's grey and blurred planes once for all the labels it is compared with
 * ({@link Frame}).
 */
public final class NearCopy {

    /**
     * Below this fine peak (grey levels) a frame may be a near-duplicate: between copies' 2.64 and real frames' 4.02.
     */
    public static final double THRESHOLD = 3.4;
    /**
     * Below this thumbnail peak (grey levels) a frame may be a copy of the label's thumbnail scaled up: between
     * such copies' 3.19 and real frames' 4.56.
     */
    public static final double THUMB_THRESHOLD = 3.8;
    /**
     * How much closer a copy is to its own label than to the account's other labels, at least (peak ratio, in the
     * stage that found it): a copy keeps what is particular to one label; a new frame of a perfectly still scene is
     * as close to every setup frame of that scene.
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
    /** σ of the thumbnail stage's blur of the difference, in thumbnail px (at least {@link #SIGMA} label px). */
    static final double THUMB_SIGMA = 1.0;
    /** Block side, px. */
    static final int BLOCK = 16;
    /** Edge left out of the measure, px (where the blurs clamp). */
    static final int BORDER = 14;
    /** Index of {@code Registration.refine}'s RMS residual, after the 6 values of the transform. */
    private static final int RESIDUAL = 6;
    /** Margin around the mapped region when the frame's plane is cut, px. */
    private static final int MARGIN = 12;
    /** σ of the blur of both pictures for the registration's coarse stage, px. */
    private static final double COARSE_SIGMA = 2.0;
    /** σ of the blur of both pictures for the registration's fine stage, px. */
    private static final double FINE_SIGMA = 1.0;
    /** Label px between the coarse stage's sample points. */
    private static final int COARSE_STEP = 4;
    /** Label px between the fine stage's sample points. */
    private static final int FINE_STEP = 3;
    /** Label px at the region's edges left out of the registration. */
    private static final int REFINE_BORDER = 6;
    /**
     * Gauss-Newton iterations on the coarse planes after which the orientation that lines up better (lower residual)
     * is kept; it alone gets the remaining coarse iterations (10 in all) and the fine ones.
     */
    private static final int CHOOSE = 3;
    /** Frame values at or above this (or at or below 255 minus it) are taken as clipped: left out of the tone fit. */
    private static final float CLIPPED = 252;
    /**
     * Fits of the tone curve per measure, at most: the first over every unclipped frame value, each further one
     * without the pixels where the fit before it clips a channel (none when that set is the one just used: the
     * curve would be the same). A strong change that clips much of a dark face needs more than
     * two: a mirrored LFW label with ImageMagick-style {@code -brightness-contrast -20x20}, JPEG 0.75, peaked at
     * 17.4 levels after 2 fits and 1.41 after 4 (the other copies' peaks unchanged).
     */
    private static final int TONE_FITS = 4;
    /** Degree of the tone curve fitted from the label's channel values to the frame's (cubic: gain, offset, gamma). */
    private static final int TONE = 3;

    private NearCopy() {
    }

    /**
     * A frame's peaks to one label (grey levels; {@link Double#MAX_VALUE}: not comparable).
     *
     * @param fine  against the label image itself ({@link #THRESHOLD})
     * @param thumb against the label's thumbnail scaled back to the label's size ({@link #THUMB_THRESHOLD}); 0 when
     *              {@code fine} is below {@link #THRESHOLD} (not measured: the frame keeps the label's fine detail,
     *              so the fine stage alone judges it, and as another label's sibling it stops a thumbnail-stage
     *              refusal, as a frame that close to one label is no scaled-up thumbnail of another)
     */
    public record Peak(double fine, double thumb) {

        /** No comparable face: never a copy. */
        public static final Peak NONE = new Peak(Double.MAX_VALUE, Double.MAX_VALUE);

        /** @return whether either stage is below its threshold (the siblings decide the rest, {@link #isCopy}) */
        public boolean near() {
            return fine < THRESHOLD || thumb < THUMB_THRESHOLD;
        }
    }

    /**
     * The label's side of a comparison, prepared once ({@link #of}): for the label and for its mirror image, the
     * face region's grey plane and its R, G and B, that plane blurred for the registration's two stages and kept as
     * the stages' sample points ({@code Registration.Grid}), the label's thumbnail sampled over the region (R, G and B
     * at half size), and the landmarks. Immutable; about 24 bytes per pixel of the region.
     */
    public static final class Label {

        private final Side plain;
        private final Side mirrored;

        private Label(Side plain, Side mirrored) {
            this.plain = plain;
            this.mirrored = mirrored;
        }

        /**
         * @param image     the decoded label image
         * @param landmarks its face's 68 landmarks, in its pixels
         * @param thumbnail the decoded thumbnail the account page serves of it ({@code account.LabelThumbnail}),
         *                  or null (no thumbnail stage)
         * @return the prepared label
         */
        public static Label of(RgbImage image, FaceLandmarks landmarks, RgbImage thumbnail) {
            return new Label(Side.of(image, landmarks, thumbnail), Side.of(mirror(image),
                    mirror(landmarks, image.width()), thumbnail == null ? null : mirror(thumbnail)));
        }

        /** @return the label's face's 68 landmarks, in its pixels (as given to {@link #of}) */
        public FaceLandmarks landmarks() {
            return plain.landmarks;
        }
    }

    /**
     * A frame prepared for comparison with several labels ({@link #peak(Label, Frame)}): the frame, its face's
     * landmarks, and the grey plane of the part of it the labels map onto with that plane's two blurred planes, made
     * when a label first needs them and made again over the smallest rectangle holding both when a label needs more
     * of the frame. Each label's planes are cut from these, bit for bit the planes made for that label alone
     * ({@link Registration.Blurred}): the labels of one face map onto nearly the same region, which was made and
     * blurred once per label before. Not thread-safe: one per frame and thread.
     */
    public static final class Frame {

        private final RgbImage image;
        private final FaceLandmarks landmarks;
        private Registration.Plane luma;
        private Registration.Blurred coarse;
        private Registration.Blurred fine;

        /**
         * @param image     a decoded frame
         * @param landmarks its face's 68 landmarks, in its pixels
         */
        public Frame(RgbImage image, FaceLandmarks landmarks) {
            this.image = image;
            this.landmarks = landmarks;
        }

        /**
         * @return the grey plane of the rectangle [x0, x1) × [y0, y1) of the frame, clipped to it, and that plane
         *         blurred for the registration's two stages
         */
        Planes planes(int x0, int y0, int x1, int y1) {
            int cx0 = Math.max(0, x0);
            int cy0 = Math.max(0, y0);
            int cx1 = Math.min(image.width(), x1);
            int cy1 = Math.min(image.height(), y1);
            if (cx1 - cx0 < 2 || cy1 - cy0 < 2) {
                // Next to nothing of the frame (the plane repeats its edge): made on its own.
                Registration.Plane c = Registration.Plane.luma(image, x0, y0, x1, y1);
                return new Planes(c, c.blurred(COARSE_SIGMA), c.blurred(FINE_SIGMA));
            }
            if (luma == null || cx0 < luma.x0() || cy0 < luma.y0() || cx1 > luma.x0() + luma.w()
                    || cy1 > luma.y0() + luma.h()) {
                if (luma != null) {
                    cx0 = Math.min(cx0, luma.x0());
                    cy0 = Math.min(cy0, luma.y0());
                    cx1 = Math.max(cx1, luma.x0() + luma.w());
                    cy1 = Math.max(cy1, luma.y0() + luma.h());
                }
                luma = Registration.Plane.luma(image, cx0, cy0, cx1, cy1);
                coarse = new Registration.Blurred(luma, COARSE_SIGMA);
                fine = new Registration.Blurred(luma, FINE_SIGMA);
                cx0 = Math.max(0, x0);
                cy0 = Math.max(0, y0);
                cx1 = Math.min(image.width(), x1);
                cy1 = Math.min(image.height(), y1);
            }
            Registration.Plane c = luma.cut(cx0, cy0, cx1, cy1);
            return new Planes(c, coarse.cut(c), fine.cut(c));
        }
    }

    /** A frame's grey plane of one label's region and that plane blurred for the coarse and fine stages. */
    private record Planes(Registration.Plane luma, Registration.Plane coarse, Registration.Plane fine) {
    }

    /** One orientation of a prepared label. */
    private static final class Side {

        private final Registration.Plane plane;
        /** The plane blurred for the registration's coarse stage, as {@link Registration#refine} samples it. */
        private final Registration.Grid coarse;
        /** The same for the fine stage. */
        private final Registration.Grid fine;
        /**
         * The thumbnail scaled back to the label's size over the region, then halved ({@link #halved}): its R, G and B
         * planes, or null (no thumbnail stage).
         */
        private final float[][] thumb;
        private final double thumbSigma;
        private final FaceLandmarks landmarks;
        /** The region's R, G, B values, interleaved, row by row (the tone curve is fitted per channel). */
        private final byte[] rgb;

        private Side(Registration.Plane plane, byte[] rgb, float[][] thumb, double thumbSigma,
                     FaceLandmarks landmarks) {
            this.plane = plane;
            this.rgb = rgb;
            this.coarse = new Registration.Grid(plane.blurred(COARSE_SIGMA), COARSE_STEP, REFINE_BORDER);
            this.fine = new Registration.Grid(plane.blurred(FINE_SIGMA), FINE_STEP, REFINE_BORDER);
            this.thumb = thumb;
            this.thumbSigma = thumbSigma;
            this.landmarks = landmarks;
        }

        static Side of(RgbImage image, FaceLandmarks landmarks, RgbImage thumbnail) {
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
            Registration.Plane plane = Registration.Plane.luma(image, (int) (minX - SIDE * w),
                    (int) (minY - TOP * h), (int) (maxX + SIDE * w), (int) (maxY + BOTTOM * h));
            if (thumbnail == null || thumbnail.width() >= image.width()) {
                return new Side(plane, rgb(image, plane), null, 0, landmarks); // nothing smaller served
            }
            // Each channel of the thumbnail scaled back to the label's size (bilinear, pixel centres on pixel
            // centres), then halved as the registered frame will be.
            double sx = (double) thumbnail.width() / image.width();
            double sy = (double) thumbnail.height() / image.height();
            float[][] halves = new float[3][];
            for (int ch = 0; ch < 3; ch++) {
                Registration.Plane t = channel(thumbnail, ch);
                float[] v = new float[plane.w() * plane.h()];
                for (int y = 0; y < plane.h(); y++) {
                    for (int x = 0; x < plane.w(); x++) {
                        v[y * plane.w() + x] = t.sample((plane.x0() + x + 0.5) * sx - 0.5,
                                (plane.y0() + y + 0.5) * sy - 0.5);
                    }
                }
                halves[ch] = halved(v, plane.w(), plane.h());
            }
            return new Side(plane, rgb(image, plane), halves, Math.max(SIGMA, THUMB_SIGMA / sx), landmarks);
        }
    }

    /** @return channel {@code ch} (0 R, 1 G, 2 B) of the whole picture as a plane */
    private static Registration.Plane channel(RgbImage image, int ch) {
        byte[] rgb = image.rgb();
        float[] v = new float[image.width() * image.height()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rgb[3 * i + ch] & 0xFF;
        }
        return new Registration.Plane(0, 0, image.width(), image.height(), v);
    }

    /** @return the R, G, B values of the plane's region of the picture, interleaved (edges clamped) */
    private static byte[] rgb(RgbImage image, Registration.Plane plane) {
        byte[] out = new byte[plane.w() * plane.h() * 3];
        for (int y = 0; y < plane.h(); y++) {
            int yy = Math.min(image.height() - 1, plane.y0() + y);
            for (int x = 0; x < plane.w(); x++) {
                int xx = Math.min(image.width() - 1, plane.x0() + x);
                System.arraycopy(image.rgb(), (yy * image.width() + xx) * 3, out, (y * plane.w() + x) * 3, 3);
            }
        }
        return out;
    }

    /** @return the picture flipped left to right */
    static RgbImage mirror(RgbImage image) {
        int w = image.width();
        byte[] in = image.rgb();
        byte[] out = new byte[in.length];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(in, (y * w + x) * 3, out, (y * w + w - 1 - x) * 3, 3);
            }
        }
        return new RgbImage(w, image.height(), out);
    }

    /**
     * @return the landmarks of the picture flipped left to right ({@code width} px wide): x becomes
     *         {@code width − x} and each point takes its mirror point's place ({@link FaceLandmarker#mirrorOf}), so
     *         point i is again the subject's point i
     */
    static FaceLandmarks mirror(FaceLandmarks landmarks, int width) {
        List<Point> points = new ArrayList<>(FaceLandmarks.COUNT);
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            Point p = landmarks.get(FaceLandmarker.mirrorOf(i));
            points.add(new Point(width - p.x(), p.y()));
        }
        return new FaceLandmarks(points);
    }

    /**
     * The decision: a frame is a near-duplicate of a label when, in one stage (fine or thumbnail), its peak to
     * that label is below the stage's threshold and its peak to each other label of the same account compared is
     * at least {@link #SIBLING_RATIO} times higher. A frame that is as close to the account's other labels as to
     * this one (the setup frames of a scene that did not move, which differ only by sensor noise) shows nothing
     * particular to one label: it is not refused, as such a scene gives copies and new frames alike (measured: a
     * JPEG 0.75 copy of a frame with σ = 2 levels of noise and a new frame with fresh noise differ from it by the
     * same 0.6 levels). The thumbnail stage judges only a frame that lacks the label's fine detail (fine peak at or
     * above {@link #THRESHOLD}), as a thumbnail scaled up does: a frame that keeps it is judged by the fine stage
     * alone. (Without that, a browser's new frames of a still scene, within the fine threshold of all three setup
     * frames and sent back by no one, were refused once in a CI run: their thumbnail peaks 1.77 against 2.36 and
     * 2.37, the thumbnails' own JPEG noise making one label look closer.)
     *
     * @param peak     the frame's peaks to the label ({@link #peak})
     * @param siblings its peaks to other labels of that label's account (may be empty)
     * @return whether the frame is a near-duplicate of that label
     */
    public static boolean isCopy(Peak peak, Peak... siblings) {
        return stage(peak.fine(), THRESHOLD, siblings, Peak::fine)
                || !(peak.fine() < THRESHOLD) && stage(peak.thumb(), THUMB_THRESHOLD, siblings, Peak::thumb);
    }

    private static boolean stage(double own, double threshold, Peak[] siblings, ToDoubleFunction<Peak> of) {
        if (!(own < threshold)) {
            return false;
        }
        for (Peak sibling : siblings) {
            if (of.applyAsDouble(sibling) < SIBLING_RATIO * own) {
                return false;
            }
        }
        return true;
    }

    /**
     * The frame is registered onto the label and onto its mirror image; the orientation that lines up better (the
     * lower residual after the registration) is measured: the registered frame less a cubic tone curve of the
     * label's channels fitted to it by least squares (a global gain, offset or gamma change), blurred, cut into
     * blocks; when that fine peak is not below {@link #THRESHOLD}, the same at half size against the label's
     * thumbnail scaled back up, blurred more.
     *
     * @param label     a prepared label image
     * @param frame     a decoded frame
     * @param landmarks the frame's face's landmarks
     * @return the largest block RMS of the registered, blurred difference in grey levels, in both stages (0 for the
     *         same picture; thumbnail 0 when not measured; {@link Peak#NONE} for a face of another size entirely or a
     *         region too small)
     */
    public static Peak peak(Label label, RgbImage frame, FaceLandmarks landmarks) {
        return peak(label, new Frame(frame, landmarks));
    }

    /**
     * {@link #peak(Label, RgbImage, FaceLandmarks)} of a frame prepared for several labels: the same peaks, bit for
     * bit, with the frame's grey and blurred planes made once for all of them.
     *
     * @param label a prepared label image
     * @param frame the frame and its face's landmarks
     * @return the frame's peaks to the label, as {@link #peak(Label, RgbImage, FaceLandmarks)} gives them
     */
    public static Peak peak(Label label, Frame frame) {
        FaceLandmarks landmarks = frame.landmarks;
        Side[] sides = {label.plain, label.mirrored};
        double[][] p = new double[2][];
        double u0 = Double.MAX_VALUE;
        double u1 = -Double.MAX_VALUE;
        double v0 = Double.MAX_VALUE;
        double v1 = -Double.MAX_VALUE;
        for (int k = 0; k < 2; k++) {
            Registration.Plane s = sides[k].plane;
            if (s.w() <= 2 * BORDER + BLOCK || s.h() <= 2 * BORDER + BLOCK) {
                continue;
            }
            double[] q = Registration.fromLandmarks(sides[k].landmarks, landmarks);
            double a0 = Double.MAX_VALUE;
            double a1 = -Double.MAX_VALUE;
            double b0 = Double.MAX_VALUE;
            double b1 = -Double.MAX_VALUE;
            for (int cy = 0; cy <= 1; cy++) {
                for (int cx = 0; cx <= 1; cx++) {
                    double x = s.x0() + cx * s.w();
                    double y = s.y0() + cy * s.h();
                    double u = Registration.u(q, x, y);
                    double v = Registration.v(q, x, y);
                    a0 = Math.min(a0, u);
                    a1 = Math.max(a1, u);
                    b0 = Math.min(b0, v);
                    b1 = Math.max(b1, v);
                }
            }
            if (a1 - a0 > 4 * s.w() || b1 - b0 > 4 * s.h()) {
                continue; // a face of another size entirely: not a copy of this label
            }
            p[k] = q;
            u0 = Math.min(u0, a0);
            u1 = Math.max(u1, a1);
            v0 = Math.min(v0, b0);
            v1 = Math.max(v1, b1);
        }
        if (p[0] == null && p[1] == null) {
            return Peak.NONE;
        }
        Planes planes = frame.planes((int) u0 - MARGIN, (int) v0 - MARGIN, (int) u1 + MARGIN, (int) v1 + MARGIN);
        // Both orientations are registered on the coarse planes; only the one that lines up better goes on.
        Side side = null;
        double[] best = null;
        for (int k = 0; k < 2; k++) {
            if (p[k] == null) {
                continue;
            }
            double[] q = Registration.refine(sides[k].coarse, planes.coarse(), p[k], CHOOSE);
            if (best == null || q[RESIDUAL] < best[RESIDUAL]) {
                best = q;
                side = sides[k];
            }
        }
        best = Registration.refine(side.coarse, planes.coarse(), best, 10 - CHOOSE);
        best = Registration.refine(side.fine, planes.fine(), best, 8);
        Registration.Plane c = planes.luma();
        Registration.Plane s = side.plane;
        int w = s.w();
        int h = s.h();
        float[] registered = new float[w * h];
        // Registration.u and .v at each pixel, (a x + b y) + tx, with a x and c x taken once per column.
        double[] ax = new double[w];
        double[] cx = new double[w];
        for (int x = 0; x < w; x++) {
            ax[x] = best[0] * (s.x0() + x);
            cx[x] = best[2] * (s.x0() + x);
        }
        for (int y = 0; y < h; y++) {
            int yy = s.y0() + y;
            double by = best[1] * yy;
            double dy = best[3] * yy;
            for (int x = 0; x < w; x++) {
                registered[y * w + x] = c.sample(ax[x] + by + best[4], cx[x] + dy + best[5]);
            }
        }
        float[][] channels = new float[3][w * h];
        for (int i = 0; i < w * h; i++) {
            for (int ch = 0; ch < 3; ch++) {
                channels[ch][i] = side.rgb[3 * i + ch] & 0xFF;
            }
        }
        double finePeak = blockPeak(registered, channels, LUMA, w, h, SIGMA, BLOCK, BORDER);
        if (finePeak < THRESHOLD) {
            return new Peak(finePeak, 0); // keeps the label's fine detail: the thumbnail stage does not judge it
        }
        double thumb = side.thumb == null ? Double.MAX_VALUE
                : blockPeak(halved(registered, w, h), side.thumb, LUMA, w / 2, h / 2, side.thumbSigma / 2,
                        BLOCK / 2, BORDER / 2);
        return new Peak(finePeak, thumb);
    }

    /**
     * @return the {@code w×h} plane at half size, each value the mean of a 2×2 square (an odd last row or column
     *         dropped)
     */
    private static float[] halved(float[] v, int w, int h) {
        int hw = w / 2;
        int hh = h / 2;
        float[] out = new float[hw * hh];
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < hw; x++) {
                int i = 2 * y * w + 2 * x;
                out[y * hw + x] = (v[i] + v[i + 1] + v[i + w] + v[i + w + 1]) / 4;
            }
        }
        return out;
    }

    /**
     * @return the largest {@value #BLOCK}-px block RMS (grey levels) inside the border of {@code frame} less the
     *         tone curve of {@code label} fitted to it, blurred by {@code sigma} px
     */
    private static double blockPeak(float[] frame, float[][] label, double[] weights, int w, int h, double sigma,
                                    int block, int border) {
        java.util.BitSet leftOut = new java.util.BitSet();
        double[] lut = lut(tone(frame, label, weights, w, h, border, leftOut));
        for (int fit = 1; fit < TONE_FITS; fit++) {
            java.util.BitSet next = clipping(frame, label, weights, w, h, border, lut);
            if (next.equals(leftOut)) {
                break; // the same pixels again: the same curve
            }
            leftOut = next;
            lut = lut(tone(frame, label, weights, w, h, border, leftOut));
        }
        float[] diff = new float[w * h];
        for (int i = 0; i < diff.length; i++) {
            double sum = 0;
            for (int ch = 0; ch < weights.length; ch++) {
                sum += weights[ch] * curve(lut, label[ch][i]);
            }
            diff[i] = (float) (frame[i] - sum);
        }
        float[] smooth = Registration.gaussian(diff, w, h, sigma);
        double peak = 0;
        for (int by = border; by + block <= h - border; by += block) {
            for (int bx = border; bx + block <= w - border; bx += block) {
                double e = 0;
                for (int y = by; y < by + block; y++) {
                    for (int x = bx; x < bx + block; x++) {
                        double d = smooth[y * w + x];
                        e += d * d;
                    }
                }
                peak = Math.max(peak, Math.sqrt(e / (block * block)));
            }
        }
        return peak;
    }

    /** BT.601 luma weights of R, G, B (as {@code Registration.Plane.luma}). */
    private static final double[] LUMA = {0.299, 0.587, 0.114};

    /**
     * @param tone the coefficients {@code c0..c3}
     * @return the tone curve at the values 0–256, each clipped to 0–255 as a picture's values are
     */
    private static double[] lut(double[] tone) {
        double[] lut = new double[257];
        for (int v = 0; v < lut.length; v++) {
            double t = v / 127.5 - 1;
            double fit = tone[TONE];
            for (int m = TONE - 1; m >= 0; m--) {
                fit = fit * t + tone[m];
            }
            lut[v] = Math.max(0, Math.min(255, fit));
        }
        return lut;
    }

    /** @return the tone curve ({@link #lut}) at a value 0–255, linear between whole values */
    private static double curve(double[] lut, float value) {
        int i = Math.max(0, Math.min(255, (int) value));
        return lut[i] + (value - i) * (lut[i + 1] - lut[i]);
    }

    /**
     * The tone curve {@code T(v) = Σ c_m t^m}, {@code t = v / 127.5 − 1}, applied to each channel of the label, that
     * best gives the frame's grey values ({@code f ≈ Σ_ch w_ch T(v_ch)}: a gain, offset, contrast or gamma change
     * of the picture's channels), least squares over every second pixel of every second row inside the border.
     * Left out: frame values that look clipped and the pixels of {@code leftOut} (where an earlier fit clips a
     * channel: a gain or offset clips each channel on its own, so the clipped grey is no function of the grey).
     *
     * @param leftOut pixel indices left out ({@link #clipping}; empty for the first fit)
     * @return the coefficients {@code c0..c3} (a flat label: the identity plus the mean difference)
     */
    private static double[] tone(float[] frame, float[][] label, double[] weights, int w, int h, int border,
                                 java.util.BitSet leftOut) {
        int n = TONE + 1;
        double[][] normal = new double[n][n];
        double[] rhs = new double[n];
        double[] features = new double[n];
        double mean = 0;
        int count = 0;
        for (int y = border; y < h - border; y += 2) {
            for (int x = border; x < w - border; x += 2) {
                int i = y * w + x;
                if (frame[i] >= CLIPPED || frame[i] <= 255 - CLIPPED) {
                    continue; // clipped: the curve is fitted where it is seen
                }
                if (leftOut.get(i)) {
                    continue;
                }
                java.util.Arrays.fill(features, 0);
                for (int ch = 0; ch < weights.length; ch++) {
                    double t = label[ch][i] / 127.5 - 1;
                    double power = 1;
                    for (int m = 0; m < n; m++) {
                        features[m] += weights[ch] * power;
                        power *= t;
                    }
                }
                for (int m = 0; m < n; m++) {
                    rhs[m] += features[m] * frame[i];
                    for (int k = m; k < n; k++) {
                        normal[m][k] += features[m] * features[k];
                    }
                }
                mean += frame[i] - predictedIdentity(label, weights, i);
                count++;
            }
        }
        for (int m = 0; m < n; m++) {
            for (int k = 0; k < m; k++) {
                normal[m][k] = normal[k][m];
            }
        }
        double[] c = Registration.solve(normal, rhs);
        if (c == null) {
            c = new double[n];
            c[0] = 127.5 + mean / Math.max(1, count);
            c[1] = 127.5;
        }
        return c;
    }

    /**
     * @param lut a fitted curve ({@link #lut})
     * @return the pixels {@link #tone} samples (unclipped frame values) at which the curve clips a channel of the label
     */
    private static java.util.BitSet clipping(float[] frame, float[][] label, double[] weights, int w, int h,
                                             int border, double[] lut) {
        java.util.BitSet out = new java.util.BitSet();
        for (int y = border; y < h - border; y += 2) {
            for (int x = border; x < w - border; x += 2) {
                int i = y * w + x;
                if (frame[i] >= CLIPPED || frame[i] <= 255 - CLIPPED) {
                    continue;
                }
                for (int ch = 0; ch < weights.length; ch++) {
                    double v = curve(lut, label[ch][i]);
                    if (v >= CLIPPED || v <= 255 - CLIPPED) {
                        out.set(i);
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static double predictedIdentity(float[][] label, double[] weights, int i) {
        double sum = 0;
        for (int ch = 0; ch < weights.length; ch++) {
            sum += weights[ch] * label[ch][i];
        }
        return sum;
    }
}

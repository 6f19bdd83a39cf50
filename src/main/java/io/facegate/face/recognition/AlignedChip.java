package io.facegate.face.recognition;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.RgbImage;

/**
 * The recognition input aligned the way dlib aligned the training chips of its face recognition ResNet (the
 * network face-api.js's FaceRecognitionNet ports): a similarity transform (rotation, uniform scale, shift) fitted
 * by least squares from landmarks to one of dlib's chip templates ({@link Template}), a 150×150 chip with padding
 * 0.25, pixels outside the image black (0).
 *
 * <p>Facts taken from dlib's {@code get_face_chip_details} ({@code image_transforms/interpolation.h}): for the
 * 68-point scheme, its mean face shape for points 17–67 (fitted without the eyebrows and the lower lip); for
 * the 5-point scheme, the template on the unit square (subject's left eye outer and inner corner, right eye outer and inner corner, base
 * of the nose) is (0.8595674595992, 0.2134981538014), (0.6460604764104, 0.2289674387677),
 * (0.1205750620789, 0.2137274526848), (0.3340850613712, 0.2290642403242), (0.4901123135679, 0.6277975316475);
 * a template point p lands at chip px {@code (padding + p) / (2·padding + 1) · size}. The five points are read
 * from the 68-point scheme as points 45, 42, 36, 39 and 33.
 *
 * <p>Sampling is bilinear at pixel centres; when the chip is smaller than the face region (scale above 1 image
 * px per chip px) each chip pixel averages k×k bilinear samples, k = ceil(scale) up to 4, in place of dlib's
 * image pyramid, so that a large webcam face is not aliased.
 */
public final class AlignedChip {

    /** Chip side in px: FaceRecognitionNet's input. */
    public static final int SIZE = FaceRecognitionNet.INPUT_SIZE;
    /** Border around the template as a fraction of its size: dlib's face recognition example uses 0.25. */
    public static final double PADDING = 0.25;
    /** dlib's 5-point template on the unit square (x, y pairs), see the class comment. */
    private static final double[][] TEMPLATE_5 = {
            {0.8595674595992, 0.2134981538014},
            {0.6460604764104, 0.2289674387677},
            {0.1205750620789, 0.2137274526848},
            {0.3340850613712, 0.2290642403242},
            {0.4901123135679, 0.6277975316475}};
    /** The 68-point indices matching {@link #TEMPLATE_5}, in the same order. */
    private static final int[] INDICES_5 = {45, 42, 36, 39, 33};

    /**
     * dlib's mean face shape for 68-point landmarks 17–67 on the unit square (x then y, 51 values each; the
     * {@code mean_face_shape_x/y} arrays of {@code get_face_chip_details}).
     */
    private static final double[] MEAN_FACE_X = {
            0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124,
            0.904991, 0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036,
            0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918,
            0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
            0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
            0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874,
            0.553364, 0.490127, 0.42689};
    private static final double[] MEAN_FACE_Y = {
            0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891,
            0.0187482, 0.038915, 0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326,
            0.609345, 0.628106, 0.609345, 0.587326, 0.216423, 0.178758, 0.179852, 0.231733,
            0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077, 0.245099,
            0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
            0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746,
            0.784792, 0.824182, 0.831803, 0.824182};

    /** Which of dlib's templates the fit uses. */
    public enum Template {
        /** 5 points: eye corners and the base of the nose (dlib's 5-point shape predictor). */
        FIVE_POINT,
        /**
         * 68-point scheme, points 27–54 and 60–64 (dlib skips the eyebrows 17–26 and the lower lip 55–59, 65–67):
         * the alignment of dlib's face recognition training chips, and 33 points average out landmark noise.
         */
        SIXTY_EIGHT_POINT
    }

    /** The template the server pipeline uses. */
    public static final Template DEFAULT_TEMPLATE = Template.SIXTY_EIGHT_POINT;

    /** Largest supersampling factor per axis. */
    private static final int MAX_SUPERSAMPLING = 4;

    /**
     * A chip-to-image similarity transform: image = (a·u − b·v + tx, b·u + a·v + ty) for chip px (u, v).
     *
     * @param a  scale·cos(angle)
     * @param b  scale·sin(angle)
     * @param tx shift x, image px
     * @param ty shift y, image px
     */
    public record Transform(double a, double b, double tx, double ty) {
        /** @return image px per chip px */
        public double scale() {
            return Math.hypot(a, b);
        }

        /** @return the chip's rotation in the image, radians (positive: clockwise on screen) */
        public double angle() {
            return Math.atan2(b, a);
        }

        /** @return where chip px (u, v) lies in the image */
        public Point apply(double u, double v) {
            return new Point(a * u - b * v + tx, b * u + a * v + ty);
        }
    }

    private AlignedChip() {
    }

    /**
     * Least-squares similarity fit from {@link #DEFAULT_TEMPLATE} (in chip px) to the landmarks (in image px).
     *
     * @param landmarks the face's 68 landmarks in image px
     * @return the chip-to-image transform
     * @throws FaceOutsideImageException if the landmarks are not finite or all coincide
     */
    public static Transform transform(FaceLandmarks landmarks) {
        return transform(landmarks, DEFAULT_TEMPLATE);
    }

    /**
     * @param landmarks the face's 68 landmarks in image px
     * @param template  which template to fit
     * @return the chip-to-image transform
     * @throws FaceOutsideImageException if the landmarks are not finite or all coincide
     */
    public static Transform transform(FaceLandmarks landmarks, Template template) {
        int[] indices;
        double[][] unit;
        if (template == Template.FIVE_POINT) {
            indices = INDICES_5;
            unit = TEMPLATE_5;
        } else {
            java.util.List<Integer> used = new java.util.ArrayList<>();
            for (int i = 27; i < 68; i++) {
                if (!((i >= 55 && i <= 59) || i >= 65)) {
                    used.add(i);
                }
            }
            indices = used.stream().mapToInt(Integer::intValue).toArray();
            unit = new double[indices.length][];
            for (int k = 0; k < indices.length; k++) {
                unit[k] = new double[] {MEAN_FACE_X[indices[k] - 17], MEAN_FACE_Y[indices[k] - 17]};
            }
        }
        int n = indices.length;
        double[] u = new double[n];
        double[] v = new double[n];
        double[] x = new double[n];
        double[] y = new double[n];
        double mu = 0, mv = 0, mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            u[i] = (PADDING + unit[i][0]) / (2 * PADDING + 1) * SIZE;
            v[i] = (PADDING + unit[i][1]) / (2 * PADDING + 1) * SIZE;
            Point p = landmarks.get(indices[i]);
            x[i] = p.x();
            y[i] = p.y();
            mu += u[i];
            mv += v[i];
            mx += x[i];
            my += y[i];
        }
        mu /= n;
        mv /= n;
        mx /= n;
        my /= n;
        // Complex least squares: z = c·w + t, c = Σ (z−z̄)·conj(w−w̄) / Σ |w−w̄|².
        double re = 0, im = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double du = u[i] - mu, dv = v[i] - mv, dx = x[i] - mx, dy = y[i] - my;
            re += dx * du + dy * dv;
            im += dy * du - dx * dv;
            norm += du * du + dv * dv;
        }
        double a = re / norm;
        double b = im / norm;
        double tx = mx - (a * mu - b * mv);
        double ty = my - (b * mu + a * mv);
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(tx) || !Double.isFinite(ty)
                || Math.hypot(a, b) < 1e-6) {
            throw new FaceOutsideImageException("The face landmarks do not give a usable alignment; detect the face"
                    + " again.");
        }
        return new Transform(a, b, tx, ty);
    }

    /**
     * Builds the network input NCHW {@code [1,3,150,150]} ({@code float[67500]}): the aligned chip minus the
     * per-channel mean, divided by the divisor.
     *
     * @param image     the image
     * @param landmarks the face's 68 landmarks in image px
     * @param meanRgb   per-channel mean, 0–255 units
     * @param divisor   divisor after the mean
     * @return the input
     * @throws FaceOutsideImageException if the alignment is unusable or the chip has no pixel in the image
     */
    public static float[] toNchw(RgbImage image, FaceLandmarks landmarks, float[] meanRgb, float divisor) {
        return toNchw(image, transform(landmarks), meanRgb, divisor);
    }

    /**
     * @param image   the image
     * @param t       chip-to-image transform
     * @param meanRgb per-channel mean, 0–255 units
     * @param divisor divisor after the mean
     * @return the input, NCHW {@code [1,3,150,150]}
     * @throws FaceOutsideImageException if the chip has no pixel in the image
     */
    public static float[] toNchw(RgbImage image, Transform t, float[] meanRgb, float divisor) {
        int k = Math.max(1, Math.min(MAX_SUPERSAMPLING, (int) Math.ceil(t.scale() - 1e-9)));
        int plane = SIZE * SIZE;
        float[] out = new float[3 * plane];
        float[] rgb = new float[3];
        int inside = 0;
        for (int row = 0; row < SIZE; row++) {
            for (int col = 0; col < SIZE; col++) {
                float r = 0, g = 0, bl = 0;
                for (int sy = 0; sy < k; sy++) {
                    for (int sx = 0; sx < k; sx++) {
                        double cu = col + (sx + 0.5) / k - 0.5;
                        double cv = row + (sy + 0.5) / k - 0.5;
                        double ix = t.a() * cu - t.b() * cv + t.tx();
                        double iy = t.b() * cu + t.a() * cv + t.ty();
                        if (sample(image, ix, iy, rgb)) {
                            inside++;
                        }
                        r += rgb[0];
                        g += rgb[1];
                        bl += rgb[2];
                    }
                }
                float kk = k * k;
                int idx = row * SIZE + col;
                out[idx] = (r / kk - meanRgb[0]) / divisor;
                out[plane + idx] = (g / kk - meanRgb[1]) / divisor;
                out[2 * plane + idx] = (bl / kk - meanRgb[2]) / divisor;
            }
        }
        if (inside == 0) {
            throw new FaceOutsideImageException("The face's aligned chip has no pixel inside the " + image.width()
                    + "x" + image.height() + " image; use a frame where the whole face is visible.");
        }
        return out;
    }

    /** Bilinear sample at (x, y) with black outside the image; returns whether (x, y) is inside. */
    private static boolean sample(RgbImage image, double x, double y, float[] rgb) {
        int w = image.width();
        int h = image.height();
        if (!(x > -1 && y > -1 && x < w && y < h)) {
            rgb[0] = rgb[1] = rgb[2] = 0;
            return false;
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        byte[] px = image.rgb();
        if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
            // All four neighbours inside (nearly every sample): the same values as at() reads, found once.
            int i00 = (y0 * w + x0) * 3;
            int i01 = i00 + w * 3;
            for (int c = 0; c < 3; c++) {
                double v00 = px[i00 + c] & 0xFF;
                double v10 = px[i00 + 3 + c] & 0xFF;
                double v01 = px[i01 + c] & 0xFF;
                double v11 = px[i01 + 3 + c] & 0xFF;
                double top = v00 + (v10 - v00) * fx;
                double bottom = v01 + (v11 - v01) * fx;
                rgb[c] = (float) (top + (bottom - top) * fy);
            }
            return true;
        }
        for (int c = 0; c < 3; c++) {
            double v00 = at(px, w, h, x0, y0, c);
            double v10 = at(px, w, h, x0 + 1, y0, c);
            double v01 = at(px, w, h, x0, y0 + 1, c);
            double v11 = at(px, w, h, x0 + 1, y0 + 1, c);
            double top = v00 + (v10 - v00) * fx;
            double bottom = v01 + (v11 - v01) * fx;
            rgb[c] = (float) (top + (bottom - top) * fy);
        }
        return x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1;
    }

    private static int at(byte[] px, int w, int h, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return 0;
        }
        return px[(y * w + x) * 3 + c] & 0xFF;
    }
}

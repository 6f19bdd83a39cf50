package io.facegate.storedimage;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;

/**
 * Registers a picture onto a region of another by an affine transform (scale on each axis, rotation, shear, shift):
 * first a similarity from the two pictures' 68 landmarks (least squares), then refined as an affine map by
 * Gauss-Newton on the grey values (Lucas-Kanade), so a rescaled (also on one axis only), sheared or cropped copy
 * lines up with its original to a fraction of a pixel. Pure functions on grey planes.
 *
 * <p>A transform is 6 values {@code (a, b, c, d, tx, ty)} taking the stored picture's (x, y) to the candidate's
 * {@code (a x + b y + tx, c x + d y + ty)} ({@link #u}, {@link #v}).
 */
final class Registration {

    private Registration() {
    }

    /**
     * A grey plane: BT.601 luma of a rectangle of a picture, in that picture's pixel coordinates.
     *
     * @param x0 left edge in picture px
     * @param y0 top edge in picture px
     * @param w  width in px (at least 2)
     * @param h  height in px (at least 2)
     * @param v  {@code w*h} values, row by row, 0–255
     */
    record Plane(int x0, int y0, int w, int h, float[] v) {
        float at(int x, int y) {
            return v[(y - y0) * w + (x - x0)];
        }

        /** @return the bilinear value at picture coordinates (x, y), clamped to the plane */
        float sample(double x, double y) {
            double fx = Math.max(0, Math.min(w - 1.001, x - x0));
            double fy = Math.max(0, Math.min(h - 1.001, y - y0));
            int ix = (int) fx;
            int iy = (int) fy;
            double ax = fx - ix;
            double ay = fy - iy;
            int i = iy * w + ix;
            double top = v[i] * (1 - ax) + v[i + 1] * ax;
            double bottom = v[i + w] * (1 - ax) + v[i + w + 1] * ax;
            return (float) (top * (1 - ay) + bottom * ay);
        }

        /** @return the luma of the rectangle [x0, x1) × [y0, y1) of the picture, clipped to it */
        static Plane luma(io.facegate.face.image.RgbImage image, int x0, int y0, int x1, int y1) {
            x0 = Math.max(0, x0);
            y0 = Math.max(0, y0);
            x1 = Math.min(image.width(), x1);
            y1 = Math.min(image.height(), y1);
            int w = Math.max(2, x1 - x0);
            int h = Math.max(2, y1 - y0);
            float[] v = new float[w * h];
            byte[] rgb = image.rgb();
            for (int y = 0; y < h; y++) {
                int yy = Math.min(image.height() - 1, y0 + y);
                for (int x = 0; x < w; x++) {
                    int xx = Math.min(image.width() - 1, x0 + x);
                    int k = (yy * image.width() + xx) * 3;
                    v[y * w + x] = 0.299f * (rgb[k] & 0xFF) + 0.587f * (rgb[k + 1] & 0xFF)
                            + 0.114f * (rgb[k + 2] & 0xFF);
                }
            }
            return new Plane(x0, y0, w, h, v);
        }

        /**
         * @return the values of the rectangle [x0, x1) × [y0, y1) (picture coordinates, inside this plane) as a plane
         *         of their own
         */
        Plane cut(int x0, int y0, int x1, int y1) {
            int cw = x1 - x0;
            int ch = y1 - y0;
            float[] out = new float[cw * ch];
            for (int y = 0; y < ch; y++) {
                System.arraycopy(v, (y0 - this.y0 + y) * w + (x0 - this.x0), out, y * cw, cw);
            }
            return new Plane(x0, y0, cw, ch, out);
        }

        /** @return this plane blurred by a Gaussian of {@code sigma} px */
        Plane blurred(double sigma) {
            return new Plane(x0, y0, w, h, gaussian(v, w, h, sigma));
        }
    }

    /** @return the normalised Gaussian taps of {@code sigma} px, radius ⌈3σ⌉ (at least 1): {@code 2r + 1} values */
    static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    /** @return {@code src} ({@code w×h}) convolved with a Gaussian of {@code sigma} px, radius 3σ, edges clamped */
    static float[] gaussian(float[] src, int w, int h, double sigma) {
        float[] k = kernel(sigma);
        return columns(rows(src, w, h, k), w, h, k);
    }

    /** @return the row pass of {@link #gaussian}: each row of {@code src} convolved with the taps, ends clamped */
    static float[] rows(float[] src, int w, int h, float[] k) {
        int r = k.length / 2;
        float[] tmp = new float[src.length];
        float[] row = new float[w + 2 * r];
        float[] acc = new float[w];
        for (int y = 0; y < h; y++) {
            // The row with its ends repeated r times (edges clamped), so the taps need no bounds.
            System.arraycopy(src, y * w, row, r, w);
            java.util.Arrays.fill(row, 0, r, src[y * w]);
            java.util.Arrays.fill(row, r + w, w + 2 * r, src[y * w + w - 1]);
            // Tap by tap over the whole row (each value's sum in the same order, 0 + k0 v0 + k1 v1 + …).
            java.util.Arrays.fill(acc, 0);
            for (int i = 0; i < k.length; i++) {
                float ki = k[i];
                for (int x = 0; x < w; x++) {
                    acc[x] += ki * row[x + i];
                }
            }
            System.arraycopy(acc, 0, tmp, y * w, w);
        }
        return tmp;
    }

    /** @return the column pass of {@link #gaussian}: each column of {@code tmp} convolved with the taps, ends clamped */
    static float[] columns(float[] tmp, int w, int h, float[] k) {
        int r = k.length / 2;
        float[] out = new float[tmp.length];
        float[] acc = new float[w];
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, 0);
            for (int i = -r; i <= r; i++) {
                int off = Math.max(0, Math.min(h - 1, y + i)) * w;
                float ki = k[i + r];
                for (int x = 0; x < w; x++) {
                    acc[x] += ki * tmp[off + x];
                }
            }
            System.arraycopy(acc, 0, out, y * w, w);
        }
        return out;
    }

    /**
     * A plane blurred once, from which the blur of any rectangle inside it is cut ({@link #cut}) bit for bit as
     * {@link #gaussian} of that rectangle alone gives it: away from the rectangle's edges no tap is clamped, so the
     * same taps add the same values in the same order; within the kernel's radius of an edge the clamped taps are
     * added again. Lets one frame's region, blurred once, serve every label it is compared with.
     */
    static final class Blurred {

        private final Plane plane;
        private final float[] k;
        /** The row pass over the whole plane. */
        private final float[] tmp;
        /** The whole plane blurred. */
        private final float[] out;

        /**
         * @param plane a grey plane
         * @param sigma the Gaussian's σ, px
         */
        Blurred(Plane plane, double sigma) {
            this.plane = plane;
            this.k = kernel(sigma);
            this.tmp = rows(plane.v(), plane.w(), plane.h(), k);
            this.out = columns(tmp, plane.w(), plane.h(), k);
        }

        /**
         * @param sub a plane cut from this one's ({@link Plane#cut}): the same values over a rectangle inside it
         * @return {@code sub.blurred(σ)}, bit for bit
         */
        Plane cut(Plane sub) {
            int r = k.length / 2;
            int w = sub.w();
            int h = sub.h();
            int ox = sub.x0() - plane.x0();
            int oy = sub.y0() - plane.y0();
            int bw = plane.w();
            float[] src = sub.v();
            float[] t = new float[w * h];
            float[] row = new float[w + 2 * r];
            for (int y = 0; y < h; y++) {
                int from = (y + oy) * bw + ox;
                // Columns whose taps all lie inside the rectangle: the whole plane's row pass.
                if (w > 2 * r) {
                    System.arraycopy(tmp, from + r, t, y * w + r, w - 2 * r);
                }
                System.arraycopy(src, y * w, row, r, w);
                java.util.Arrays.fill(row, 0, r, src[y * w]);
                java.util.Arrays.fill(row, r + w, w + 2 * r, src[y * w + w - 1]);
                // The columns within the radius of an edge: clamped taps, as gaussian() of the rectangle.
                for (int x = 0; x < Math.min(r, w); x++) {
                    t[y * w + x] = tap(row, x);
                }
                for (int x = Math.max(r, w - r); x < w; x++) {
                    t[y * w + x] = tap(row, x);
                }
            }
            float[] o = new float[w * h];
            for (int y = 0; y < h; y++) {
                if (y >= r && y < h - r && w > 2 * r) {
                    // Rows and columns of the taps inside: the whole plane's values; the edge columns' taps are
                    // all inside the rectangle's rows.
                    System.arraycopy(out, (y + oy) * bw + ox + r, o, y * w + r, w - 2 * r);
                    for (int x = 0; x < r; x++) {
                        o[y * w + x] = column(t, w, h, x, y);
                        o[y * w + w - 1 - x] = column(t, w, h, w - 1 - x, y);
                    }
                    continue;
                }
                for (int x = 0; x < w; x++) {
                    o[y * w + x] = column(t, w, h, x, y);
                }
            }
            return new Plane(sub.x0(), sub.y0(), w, h, o);
        }

        /** @return the column pass's value at (x, y) of the row-passed {@code w×h} plane {@code t}, ends clamped */
        private float column(float[] t, int w, int h, int x, int y) {
            int r = k.length / 2;
            float acc = 0;
            for (int i = -r; i <= r; i++) {
                acc += k[i + r] * t[Math.max(0, Math.min(h - 1, y + i)) * w + x];
            }
            return acc;
        }

        /** @return the row pass's value at {@code x} of a row padded by the radius on each side */
        private float tap(float[] row, int x) {
            float acc = 0;
            for (int i = 0; i < k.length; i++) {
                acc += k[i] * row[x + i];
            }
            return acc;
        }
    }

    /** @return the candidate's x of the stored picture's (x, y) under the transform {@code p} */
    static double u(double[] p, double x, double y) {
        return p[0] * x + p[1] * y + p[4];
    }

    /** @return the candidate's y of the stored picture's (x, y) under the transform {@code p} */
    static double v(double[] p, double x, double y) {
        return p[2] * x + p[3] * y + p[5];
    }

    /**
     * @return the similarity taking the stored picture's landmarks to the candidate's, least squares over the 68
     *         pairs, as a transform {@code (a, -b, b, a, tx, ty)}: {@code (a x - b y + tx, b x + a y + ty)}
     */
    static double[] fromLandmarks(FaceLandmarks stored, FaceLandmarks candidate) {
        int n = FaceLandmarks.COUNT;
        double mx = 0, my = 0, cx = 0, cy = 0;
        for (int i = 0; i < n; i++) {
            mx += stored.get(i).x();
            my += stored.get(i).y();
            cx += candidate.get(i).x();
            cy += candidate.get(i).y();
        }
        mx /= n;
        my /= n;
        cx /= n;
        cy /= n;
        double sxx = 0, sab = 0, sba = 0;
        for (int i = 0; i < n; i++) {
            Point s = stored.get(i);
            Point c = candidate.get(i);
            double x = s.x() - mx, y = s.y() - my, u = c.x() - cx, v = c.y() - cy;
            sxx += x * x + y * y;
            sab += x * u + y * v;
            sba += x * v - y * u;
        }
        double a = sab / sxx;
        double b = sba / sxx;
        return new double[] {a, -b, b, a, cx - (a * mx - b * my), cy - (b * mx + a * my)};
    }

    /**
     * Candidate values (blurred grey levels) at or below this, or at or above 255 less it, are left out of the
     * refinement: a contrast or brightness change that clips turns them flat (dark hair becomes black), and the
     * linear photometric model would move the transform to explain that. Measured ({@code NearCopy}'s fine peak of a
     * label with ImageMagick-style {@code -brightness-contrast}, PNG): an LFW label at -10x10 4.58 levels with every
     * value in, 0.30 without the clipped ones; a turned-head clip frame at -20x20 8.46 and 0.30.
     */
    static final double CLIPPED_BELOW = 12;

    /**
     * The stored plane's side of {@link #refine}, prepared once per plane: the sample points of its interior
     * (without {@code border} px, at least 1), every {@code step} px, row by row, each with its value and its central
     * differences along x and y. Immutable; 12 bytes per point.
     */
    static final class Grid {

        private final int x0;
        private final int x1;
        private final int y0;
        private final int y1;
        private final int step;
        /** Per point: the value, half the difference of its right and left neighbours, of those below and above. */
        private final float[] value;
        private final float[] dx;
        private final float[] dy;

        /**
         * @param s      the stored plane
         * @param step   px between sample points
         * @param border px left out at each edge (at least 1: the differences need the neighbours)
         */
        Grid(Plane s, int step, int border) {
            this.x0 = s.x0() + border;
            this.x1 = s.x0() + s.w() - border;
            this.y0 = s.y0() + border;
            this.y1 = s.y0() + s.h() - border;
            this.step = step;
            int n = Math.max(0, (x1 - x0 + step - 1) / step) * Math.max(0, (y1 - y0 + step - 1) / step);
            value = new float[n];
            dx = new float[n];
            dy = new float[n];
            int i = 0;
            for (int y = y0; y < y1; y += step) {
                for (int x = x0; x < x1; x += step) {
                    dx[i] = (s.at(x + 1, y) - s.at(x - 1, y)) / 2;
                    dy[i] = (s.at(x, y + 1) - s.at(x, y - 1)) / 2;
                    value[i] = s.at(x, y);
                    i++;
                }
            }
        }
    }

    /**
     * Gauss-Newton on the transform {@code (a, b, c, d, tx, ty)} and {@code (gain, bias)} minimising
     * {@code sum (C(W p) - S(p) - gain (S(p) - 128) - bias)^2} (a global contrast and brightness change) over the
     * stored plane's grid points ({@link Grid}), leaving out candidate values that look clipped
     * ({@link #CLIPPED_BELOW}); the candidate's gradient is taken from the stored plane's (mapped by the transform's
     * linear part), so each point costs one bilinear sample; stops when the shift moves less than 0.005 px and the
     * linear part less than 1e-5. The normal equations are summed in scalars, each term in the order of the points,
     * so the sums are those of an 8×8 array filled point by point.
     *
     * @param s          the stored plane's grid
     * @param c          the candidate plane
     * @param p0         the starting transform (6 values; more are ignored)
     * @param iterations Gauss-Newton iterations, at most
     * @return the refined transform followed by the RMS residual of its last iteration (grey levels): 7 values
     */
    static double[] refine(Grid s, Plane c, double[] p0, int iterations) {
        double[] p = java.util.Arrays.copyOf(p0, 7);
        double bias = 0;
        double gain = 0;
        for (int it = 0; it < iterations; it++) {
            double a = p[0];
            double b = p[1];
            double cc = p[2];
            double d = p[3];
            double tx = p[4];
            double ty = p[5];
            double det = a * d - b * cc;
            if (Math.abs(det) < 1e-9) {
                break;
            }
            double g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0;
            double h00 = 0, h01 = 0, h02 = 0, h03 = 0, h04 = 0, h05 = 0, h06 = 0, h07 = 0;
            double h11 = 0, h12 = 0, h13 = 0, h14 = 0, h15 = 0, h16 = 0, h17 = 0;
            double h22 = 0, h23 = 0, h24 = 0, h25 = 0, h26 = 0, h27 = 0;
            double h33 = 0, h34 = 0, h35 = 0, h36 = 0, h37 = 0;
            double h44 = 0, h45 = 0, h46 = 0, h47 = 0;
            double h55 = 0, h56 = 0, h57 = 0;
            double h66 = 0, h67 = 0;
            double h77 = 0;
            double squares = 0;
            int count = 0;
            int i = 0;
            for (int y = s.y0; y < s.y1; y += s.step) {
                for (int x = s.x0; x < s.x1; x += s.step, i++) {
                    // The candidate's gradient at W(x, y), from the stored plane's (equal where the two line up):
                    // grad_C = A^-T grad_S for the transform's linear part A = [[a, b], [c, d]].
                    double sx = s.dx[i];
                    double sy = s.dy[i];
                    double gx = (d * sx - cc * sy) / det;
                    double gy = (-b * sx + a * sy) / det;
                    double cv = c.sample(a * x + b * y + tx, cc * x + d * y + ty);
                    if (cv <= CLIPPED_BELOW || cv >= 255 - CLIPPED_BELOW) {
                        continue; // the candidate clipped there: no longer a linear function of the stored values
                    }
                    double sv = s.value[i];
                    double r = cv - sv - gain * (sv - 128) - bias;
                    squares += r * r;
                    count++;
                    double j0 = gx * x;
                    double j1 = gx * y;
                    double j2 = gy * x;
                    double j3 = gy * y;
                    double j4 = gx;
                    double j5 = gy;
                    double j6 = 128 - sv;
                    double j7 = -1;
                    g0 += j0 * r;
                    g1 += j1 * r;
                    g2 += j2 * r;
                    g3 += j3 * r;
                    g4 += j4 * r;
                    g5 += j5 * r;
                    g6 += j6 * r;
                    g7 += j7 * r;
                    h00 += j0 * j0;
                    h01 += j0 * j1;
                    h02 += j0 * j2;
                    h03 += j0 * j3;
                    h04 += j0 * j4;
                    h05 += j0 * j5;
                    h06 += j0 * j6;
                    h07 += j0 * j7;
                    h11 += j1 * j1;
                    h12 += j1 * j2;
                    h13 += j1 * j3;
                    h14 += j1 * j4;
                    h15 += j1 * j5;
                    h16 += j1 * j6;
                    h17 += j1 * j7;
                    h22 += j2 * j2;
                    h23 += j2 * j3;
                    h24 += j2 * j4;
                    h25 += j2 * j5;
                    h26 += j2 * j6;
                    h27 += j2 * j7;
                    h33 += j3 * j3;
                    h34 += j3 * j4;
                    h35 += j3 * j5;
                    h36 += j3 * j6;
                    h37 += j3 * j7;
                    h44 += j4 * j4;
                    h45 += j4 * j5;
                    h46 += j4 * j6;
                    h47 += j4 * j7;
                    h55 += j5 * j5;
                    h56 += j5 * j6;
                    h57 += j5 * j7;
                    h66 += j6 * j6;
                    h67 += j6 * j7;
                    h77 += j7 * j7;
                }
            }
            double[][] hess = {
                {h00, h01, h02, h03, h04, h05, h06, h07},
                {h01, h11, h12, h13, h14, h15, h16, h17},
                {h02, h12, h22, h23, h24, h25, h26, h27},
                {h03, h13, h23, h33, h34, h35, h36, h37},
                {h04, h14, h24, h34, h44, h45, h46, h47},
                {h05, h15, h25, h35, h45, h55, h56, h57},
                {h06, h16, h26, h36, h46, h56, h66, h67},
                {h07, h17, h27, h37, h47, h57, h67, h77}};
            double[] g = {g0, g1, g2, g3, g4, g5, g6, g7};
            p[6] = Math.sqrt(squares / Math.max(1, count));
            double[] step = solve(hess, g);
            if (step == null) {
                break;
            }
            for (int m = 0; m < 6; m++) {
                p[m] -= step[m];
            }
            gain -= step[6];
            bias -= step[7];
            if (Math.abs(step[4]) < 0.005 && Math.abs(step[5]) < 0.005 && Math.abs(step[0]) < 1e-5
                    && Math.abs(step[1]) < 1e-5 && Math.abs(step[2]) < 1e-5 && Math.abs(step[3]) < 1e-5) {
                break;
            }
        }
        return p;
    }

    /**
     * @param a a square matrix (not changed)
     * @param b the right-hand side
     * @return the solution of {@code a x = b} by Gauss-Jordan elimination with partial pivoting, or null when
     *         {@code a} is singular
     */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(m[piv][col]) < 1e-12) {
                return null;
            }
            double[] t = m[col];
            m[col] = m[piv];
            m[piv] = t;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int k = col; k <= n; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }
}

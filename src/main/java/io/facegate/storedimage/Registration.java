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
        int r = k.length / 2;
        float[] tmp = new float[src.length];
        float[] row = new float[w + 2 * r];
        for (int y = 0; y < h; y++) {
            // The row with its ends repeated r times (edges clamped), so the taps need no bounds.
            System.arraycopy(src, y * w, row, r, w);
            java.util.Arrays.fill(row, 0, r, src[y * w]);
            java.util.Arrays.fill(row, r + w, w + 2 * r, src[y * w + w - 1]);
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int i = 0; i < k.length; i++) {
                    acc += k[i] * row[x + i];
                }
                tmp[y * w + x] = acc;
            }
        }
        float[] out = new float[src.length];
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
     * Gauss-Newton on the transform {@code (a, b, c, d, tx, ty)} and {@code (gain, bias)} minimising
     * {@code sum (C(W p) - S(p) - gain (S(p) - 128) - bias)^2} (a global contrast and brightness change) over the
     * stored plane's interior (without {@code border} px, at least 1), sampling every {@code step} px, leaving out
     * candidate values that look clipped ({@link #CLIPPED_BELOW}); the candidate's
     * gradient is taken from the stored plane's (mapped by the transform's linear part), so each point costs one
     * bilinear sample; stops when the shift moves less than 0.005 px and the linear part less than 1e-5.
     *
     * @param p0 the starting transform (6 values; more are ignored)
     * @return the refined transform followed by the RMS residual of its last iteration (grey levels): 7 values
     */
    static double[] refine(Plane s, Plane c, double[] p0, int step, int iterations, int border) {
        double[] p = java.util.Arrays.copyOf(p0, 7);
        double bias = 0;
        double gain = 0;
        for (int it = 0; it < iterations; it++) {
            double[][] hess = new double[8][8];
            double[] g = new double[8];
            double squares = 0;
            int count = 0;
            double det = p[0] * p[3] - p[1] * p[2];
            if (Math.abs(det) < 1e-9) {
                break;
            }
            for (int y = s.y0() + border; y < s.y0() + s.h() - border; y += step) {
                for (int x = s.x0() + border; x < s.x0() + s.w() - border; x += step) {
                    // The candidate's gradient at W(x, y), from the stored plane's (equal where the two line up):
                    // grad_C = A^-T grad_S for the transform's linear part A = [[a, b], [c, d]].
                    double sx = (s.at(x + 1, y) - s.at(x - 1, y)) / 2;
                    double sy = (s.at(x, y + 1) - s.at(x, y - 1)) / 2;
                    double gx = (p[3] * sx - p[2] * sy) / det;
                    double gy = (-p[1] * sx + p[0] * sy) / det;
                    double cv = c.sample(u(p, x, y), v(p, x, y));
                    if (cv <= CLIPPED_BELOW || cv >= 255 - CLIPPED_BELOW) {
                        continue; // the candidate clipped there: no longer a linear function of the stored values
                    }
                    double sv = s.at(x, y);
                    double r = cv - sv - gain * (sv - 128) - bias;
                    squares += r * r;
                    count++;
                    double[] j = {gx * x, gx * y, gy * x, gy * y, gx, gy, 128 - sv, -1};
                    for (int m = 0; m < 8; m++) {
                        g[m] += j[m] * r;
                        for (int n2 = m; n2 < 8; n2++) {
                            hess[m][n2] += j[m] * j[n2];
                        }
                    }
                }
            }
            for (int m = 0; m < 8; m++) {
                for (int n2 = 0; n2 < m; n2++) {
                    hess[m][n2] = hess[n2][m];
                }
            }
            p[6] = Math.sqrt(squares / Math.max(1, count));
            double[] d = solve(hess, g);
            if (d == null) {
                break;
            }
            for (int m = 0; m < 6; m++) {
                p[m] -= d[m];
            }
            gain -= d[6];
            bias -= d[7];
            if (Math.abs(d[4]) < 0.005 && Math.abs(d[5]) < 0.005 && Math.abs(d[0]) < 1e-5 && Math.abs(d[1]) < 1e-5
                    && Math.abs(d[2]) < 1e-5 && Math.abs(d[3]) < 1e-5) {
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

package io.facegate.storedimage;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Pipeline;
import io.facegate.face.Point;
import io.facegate.face.landmarks.FaceLandmarker;

/**
 * How far a frame's face shape is from being a copy of a label's: the 68 landmarks of the label (or of its mirror
 * image) mapped onto the frame's by the least-squares affine map, and the RMS of what is left, as a fraction of the
 * frame's landmark spread (the RMS distance of its points from their centroid). A copy of a label, as
 * {@link NearCopy} models it, is the label under one global affine map or its mirror image, so its landmarks are the
 * label's under that map plus the landmark network's own scatter: a small residual. A frame of the head turned or
 * nodded away from the label's pose moves the nose, eyes and mouth against the face outline, which no affine map
 * of the label's points reproduces.
 *
 * <p>Used by {@link StoredImages} to compare only the frames whose shape could be a copy of a label
 * ({@link #bound}); a frame beyond it is no copy of that label. Pure and thread-safe.
 */
public final class LandmarkShape {

    /**
     * Largest residual (fraction of the frame's landmark spread) of a frame still compared with a label, with the
     * server pipeline (the login's: two landmark passes, each averaged with its mirror). Measured
     * ({@code bench.CopyShapeFigures}, README <i>Challenge answers per second</i>): every copy in
     * {@code NearCopyTrials.COPIES} of the label images of the shared clips, LFW images and the test photos had a
     * residual ≤ 0.019 to its own label (highest: mirrored copies); the bound is 3.1 times that. The head-turn clip's
     * frames turned or nodded away from every label are beyond it (up to 0.32).
     */
    public static final double SERVER_BOUND = 0.06;
    /**
     * The same with face-api.js's pipeline (one landmark pass, whose scatter is larger): copies ≤ 0.046 (a mirrored
     * thumbnail copy, JPEG 0.75); the bound is 2.6 times that.
     */
    public static final double FACEAPI_BOUND = 0.12;

    private LandmarkShape() {
    }

    /**
     * @param label the label's landmarks (in its pixels)
     * @param frame the frame's landmarks (in its pixels)
     * @return the smaller residual of the affine fit of the label's points, or of its mirror image's (the points
     *         swapped left for right: {@link FaceLandmarker#mirrorOf}), to the frame's: 0 for an affine copy,
     *         dimensionless ({@link Double#MAX_VALUE} when the frame's points do not spread)
     */
    public static double residual(FaceLandmarks label, FaceLandmarks frame) {
        return Math.min(fit(label, frame, false), fit(label, frame, true));
    }

    /**
     * @param pipeline the pipeline whose landmarks are compared
     * @return the largest residual of a frame still compared with a label ({@link #SERVER_BOUND},
     *         {@link #FACEAPI_BOUND})
     */
    public static double bound(Pipeline pipeline) {
        return pipeline == Pipeline.SERVER ? SERVER_BOUND : FACEAPI_BOUND;
    }

    /**
     * @param label    the label's landmarks
     * @param frame    the frame's landmarks
     * @param pipeline the pipeline both were found with
     * @return whether the frame's shape is within {@link #bound} of the label's (plain or mirrored)
     */
    public static boolean couldBeCopy(FaceLandmarks label, FaceLandmarks frame, Pipeline pipeline) {
        return residual(label, frame) <= bound(pipeline);
    }

    private static double fit(FaceLandmarks label, FaceLandmarks frame, boolean mirrored) {
        int n = FaceLandmarks.COUNT;
        double[] px = new double[n];
        double[] py = new double[n];
        double[] qx = new double[n];
        double[] qy = new double[n];
        double mpx = 0;
        double mpy = 0;
        double mqx = 0;
        double mqy = 0;
        for (int i = 0; i < n; i++) {
            // A mirror image's point i is the label's point mirrorOf(i) reflected; the affine map takes the reflection.
            Point p = label.get(mirrored ? FaceLandmarker.mirrorOf(i) : i);
            Point q = frame.get(i);
            px[i] = p.x();
            py[i] = p.y();
            qx[i] = q.x();
            qy[i] = q.y();
            mpx += px[i];
            mpy += py[i];
            mqx += qx[i];
            mqy += qy[i];
        }
        mpx /= n;
        mpy /= n;
        mqx /= n;
        mqy /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        double ux = 0;
        double uy = 0;
        double vx = 0;
        double vy = 0;
        double spread = 0;
        for (int i = 0; i < n; i++) {
            double x = px[i] - mpx;
            double y = py[i] - mpy;
            double u = qx[i] - mqx;
            double v = qy[i] - mqy;
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
            ux += u * x;
            uy += u * y;
            vx += v * x;
            vy += v * y;
            spread += u * u + v * v;
        }
        double det = sxx * syy - sxy * sxy;
        if (!(det > 1e-9) || !(spread > 1e-9)) {
            return Double.MAX_VALUE;
        }
        // u ≈ a x + b y, v ≈ c x + d y (centred): the normal equations' 2×2 inverse.
        double a = (ux * syy - uy * sxy) / det;
        double b = (uy * sxx - ux * sxy) / det;
        double c = (vx * syy - vy * sxy) / det;
        double d = (vy * sxx - vx * sxy) / det;
        double left = 0;
        for (int i = 0; i < n; i++) {
            double x = px[i] - mpx;
            double y = py[i] - mpy;
            double du = qx[i] - mqx - (a * x + b * y);
            double dv = qy[i] - mqy - (c * x + d * y);
            left += du * du + dv * dv;
        }
        return Math.sqrt(left / spread);
    }
}

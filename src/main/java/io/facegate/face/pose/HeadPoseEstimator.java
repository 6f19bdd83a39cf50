package io.facegate.face.pose;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;

/**
 * Geometric head-pose estimate from the 68 iBUG landmarks, without a camera model or solvePnP.
 *
 * <p>Method: roll is the angle of the line from the subject's right-eye centre (points 36–41) to the left-eye
 * centre (42–47). The points are then rotated by −roll about the eyes' midpoint, so that yaw and pitch are read
 * in the face's own axes:
 * <ul>
 *   <li>yaw: {@code r = (dL − dR) / (dL + dR)}, where dL and dR are the horizontal distances from the nose tip
 *       (30) to the two sides of the face contour (mean of jaw points 0,1 and of 15,16). A head modelled as a
 *       cylinder whose contour stays at ±W while the nose tip (depth D in front of the axis) moves by
 *       D·sin(yaw) gives {@code r = (D/W)·sin(yaw)}; {@code yaw = asin(r / }{@value #YAW_GAIN}{@code )}.</li>
 *   <li>pitch: {@code q = y(nose tip) / y(mouth corners' midpoint)}, both measured down from the eye line; the
 *       nose tip, in front of the eye/mouth plane, rises towards the eye line when the chin goes up;
 *       {@code pitch = asin((}{@value #FRONTAL_NOSE_RATIO}{@code  − q) / }{@value #PITCH_GAIN}{@code )}.</li>
 * </ul>
 * Both measures are ratios of distances, so they do not change when a picture is moved, scaled or rotated in the
 * image plane (only roll does).
 *
 * <p>Constants and limits: the three constants were fitted on the shared head-turn clip against the yaw/pitch
 * overlay printed in it (one person, one camera). They are population-dependent (nose depth, face width, the
 * camera's height give a different frontal {@code q}), so absolute angles are rough (±10° is realistic);
 * changes of pose within one sequence, which is what the liveness challenge uses, are more reliable than
 * absolute values. Beyond about 50° of yaw the far side of the face is hidden, the landmark net guesses the
 * hidden contour and {@code r} saturates near ±1 (yaw ≈ ±53°). Pitch is less sensitive than yaw and strong yaw
 * raises it by up to ~10°.
 */
public final class HeadPoseEstimator {

    /** {@code D/W}: nose-tip depth over half the face width; r reached −1.02 at the clip's −51° turn. */
    public static final double YAW_GAIN = 1.25;
    /** Nose-tip-to-mouth ratio {@code q} of a frontal face (0.46–0.58 on the clip's frontal frames). */
    public static final double FRONTAL_NOSE_RATIO = 0.55;
    /** Scale of pitch: q went from ~0.5 (frontal) to −0.05 (chin up, overlay 57°) and 0.86 (down, −19°). */
    public static final double PITCH_GAIN = 0.8;

    private HeadPoseEstimator() {
    }

    /**
     * @param landmarks the 68 landmarks of one face, in image px
     * @return its pose in degrees (yaw and pitch within ±90)
     * @throws IllegalArgumentException if the eye centres coincide (no usable geometry)
     */
    public static HeadPose estimate(FaceLandmarks landmarks) {
        Point right = mean(landmarks, 36, 41);
        Point left = mean(landmarks, 42, 47);
        double ex = left.x() - right.x();
        double ey = left.y() - right.y();
        double eyeDistance = Math.hypot(ex, ey);
        if (!(eyeDistance > 1e-6)) {
            throw new IllegalArgumentException("The landmarks put both eyes at one point; no pose can be read.");
        }
        double roll = Math.atan2(ey, ex);
        double cos = Math.cos(-roll);
        double sin = Math.sin(-roll);
        double ox = (left.x() + right.x()) / 2;
        double oy = (left.y() + right.y()) / 2;
        double[] x = new double[FaceLandmarks.COUNT];
        double[] y = new double[FaceLandmarks.COUNT];
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            double dx = landmarks.get(i).x() - ox;
            double dy = landmarks.get(i).y() - oy;
            x[i] = cos * dx - sin * dy;
            y[i] = sin * dx + cos * dy;
        }
        double noseX = x[30];
        double contourRight = (x[0] + x[1]) / 2;
        double contourLeft = (x[15] + x[16]) / 2;
        double width = contourLeft - contourRight;
        double r = width > 1e-6 ? ((noseX - contourRight) - (contourLeft - noseX)) / width : 0;
        double mouthY = (y[48] + y[54]) / 2;
        double q = mouthY > 1e-6 ? y[30] / mouthY : FRONTAL_NOSE_RATIO;
        double yaw = asinDegrees(r / YAW_GAIN);
        double pitch = asinDegrees((FRONTAL_NOSE_RATIO - q) / PITCH_GAIN);
        return new HeadPose(yaw, pitch, Math.toDegrees(roll));
    }

    private static double asinDegrees(double v) {
        return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, v))));
    }

    static Point mean(FaceLandmarks landmarks, int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i <= to; i++) {
            x += landmarks.get(i).x();
            y += landmarks.get(i).y();
        }
        int n = to - from + 1;
        return new Point(x / n, y / n);
    }
}

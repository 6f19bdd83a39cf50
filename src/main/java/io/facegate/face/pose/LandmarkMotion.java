package io.facegate.face.pose;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;

/**
 * How much of the landmark motion between two frames a flat picture moved in the image plane could explain.
 *
 * <p>A printed photo or a screen that is shifted, zoomed or rotated in front of the camera moves all 68
 * landmarks by one 2-D similarity transform (translation, scale, rotation), so after the best such transform
 * (least squares, Umeyama/Procrustes closed form) only the landmark net's jitter remains. A real head turning
 * or nodding moves the nose tip against the face contour and the eyes against the mouth: no similarity
 * transform explains that. The residual is the root-mean-square distance left over, divided by the eye distance
 * (eye centre to eye centre) of the second frame, so it does not depend on the face's size in px.
 */
public final class LandmarkMotion {

    private LandmarkMotion() {
    }

    /**
     * @param from landmarks in one frame
     * @param to   landmarks of the same face in another frame
     * @return RMS residual after the best similarity transform {@code from → to}, in eye distances of {@code to}
     *         (0 = a rigid in-plane motion explains everything)
     */
    public static double similarityResidual(FaceLandmarks from, FaceLandmarks to) {
        int n = FaceLandmarks.COUNT;
        double ax = 0;
        double ay = 0;
        double bx = 0;
        double by = 0;
        for (int i = 0; i < n; i++) {
            ax += from.get(i).x();
            ay += from.get(i).y();
            bx += to.get(i).x();
            by += to.get(i).y();
        }
        ax /= n;
        ay /= n;
        bx /= n;
        by /= n;
        double sxx = 0;
        double sxy = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double px = from.get(i).x() - ax;
            double py = from.get(i).y() - ay;
            double qx = to.get(i).x() - bx;
            double qy = to.get(i).y() - by;
            sxx += px * qx + py * qy;
            sxy += px * qy - py * qx;
            norm += px * px + py * py;
        }
        double a = norm > 0 ? sxx / norm : 0;   // s·cos θ
        double b = norm > 0 ? sxy / norm : 0;   // s·sin θ
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double px = from.get(i).x() - ax;
            double py = from.get(i).y() - ay;
            double dx = a * px - b * py - (to.get(i).x() - bx);
            double dy = b * px + a * py - (to.get(i).y() - by);
            sum += dx * dx + dy * dy;
        }
        return Math.sqrt(sum / n) / eyeDistance(to);
    }

    /**
     * @param landmarks a face's landmarks
     * @return distance between the two eye centres (points 36–41 and 42–47), px
     */
    public static double eyeDistance(FaceLandmarks landmarks) {
        Point r = HeadPoseEstimator.mean(landmarks, 36, 41);
        Point l = HeadPoseEstimator.mean(landmarks, 42, 47);
        return Math.max(1e-6, Math.hypot(l.x() - r.x(), l.y() - r.y()));
    }
}

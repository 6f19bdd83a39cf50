package io.facegate.face.landmarks;

import io.facegate.face.Box;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;

/**
 * A detection-like box rebuilt from a face's 68 landmarks, for a second landmark pass in the server pipeline:
 * the landmark net then sees the face framed the same way whichever detector (or fallback) found it.
 *
 * <p>Constants measured on this machine on 8 LFW images with face-api.js's TinyFaceDetector (416 px, score 0.5):
 * the longer side of its box was 1.11–1.35 (mean 1.24) times the longer side of the landmarks' bounding box, and
 * its centre 0.0–0.05 of the box height (mean 0.02) above the landmarks' centre. (SSD boxes: 1.12–1.29, but about
 * 0.1 higher, reaching the forehead.)
 */
public final class LandmarkBox {

    /** Side of the square box ÷ longer side of the landmarks' bounding box. */
    public static final double SCALE = 1.24;
    /** Upward shift of the box centre from the landmarks' centre, as a fraction of the side. */
    public static final double SHIFT_UP = 0.02;

    private LandmarkBox() {
    }

    /**
     * @param landmarks 68 landmarks in image px
     * @return a square box around them in image px (may extend past the image; the landmark net clips it)
     */
    public static Box around(FaceLandmarks landmarks) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Point p : landmarks.points()) {
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
        }
        double side = SCALE * Math.max(maxX - minX, maxY - minY);
        double cx = (minX + maxX) / 2;
        double cy = (minY + maxY) / 2 - SHIFT_UP * side;
        return new Box(cx - side / 2, cy - side / 2, side, side);
    }
}

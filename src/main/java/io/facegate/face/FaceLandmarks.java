package io.facegate.face;

import java.util.List;

/**
 * The 68 facial landmarks of the iBUG 300-W / dlib scheme, in image pixels: jaw 0–16, eyebrows 17–26, nose
 * 27–35, right eye (subject's) 36–41, left eye 42–47, mouth 48–67.
 *
 * @param points exactly 68 points
 */
public record FaceLandmarks(List<Point> points) {

    /** Number of points of the scheme. */
    public static final int COUNT = 68;

    /**
     * @throws IllegalArgumentException if there are not 68 points
     */
    public FaceLandmarks {
        points = List.copyOf(points);
        if (points.size() != COUNT) {
            throw new IllegalArgumentException("Expected 68 landmarks, got " + points.size());
        }
    }

    /** @return point i (0–67) */
    public Point get(int i) {
        return points.get(i);
    }
}

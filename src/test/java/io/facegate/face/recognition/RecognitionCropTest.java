package io.facegate.face.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.NetInput.Region;

/**
 * The recognition crop on a hand-made face. Worked example (no shift): eye centres (100, 100) and (160, 100), mouth
 * centre (130, 180); both eye-to-mouth distances are √(30² + 80²) = √7300 = 85.440; size = floor(85.440 / 0.45)
 * = floor(189.87) = 189; reference point (130, 126.667); x = floor(130 − 0.5·189) = floor(35.5) = 35,
 * y = floor(126.667 − 0.43·189) = floor(45.397) = 45. The same three cases were run through face-api.js 1.7.15
 * ({@code FaceLandmarks68.align(null, {useDlibAlignment: true}).clipAtImageBorders(w, h)}), which gave the same
 * boxes.
 */
class RecognitionCropTest {

    private static final int[][] EYE = {{-12, 0}, {-6, -4}, {6, -4}, {12, 0}, {6, 4}, {-6, 4}};
    private static final int[][] HALF_MOUTH = {{-30, 0}, {-20, -8}, {-10, -10}, {0, -9}, {10, -10}, {20, -8},
        {30, 0}, {20, 9}, {10, 12}, {0, 13}};

    /** Eyes centred at (100,100) and (160,100), mouth at (130,180), all moved by (dx, dy); other points unused. */
    private static FaceLandmarks face(double dx, double dy) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            points.add(new Point(130 + dx, 150 + dy));
        }
        for (int[] o : EYE) {
            points.add(new Point(100 + o[0] + dx, 100 + o[1] + dy));
        }
        for (int[] o : EYE) {
            points.add(new Point(160 + o[0] + dx, 100 + o[1] + dy));
        }
        for (int[] o : HALF_MOUTH) {
            points.add(new Point(130 + o[0] + dx, 180 + o[1] + dy));
        }
        for (int[] o : HALF_MOUTH) {
            points.add(new Point(130 - o[0] + dx, 180 - o[1] + dy));
        }
        return new FaceLandmarks(points);
    }

    @Test
    void cropOfTheWorkedExample() {
        assertEquals(new Region(35, 45, 189, 189), RecognitionCrop.of(face(0, 0), 640, 480));
    }

    @Test
    void cropIsClippedAtTheRightAndBottomBorders() {
        // 200 − 35 = 165 columns and 220 − 45 = 175 rows are left inside the image.
        assertEquals(new Region(35, 45, 165, 175), RecognitionCrop.of(face(0, 0), 200, 220));
    }

    @Test
    void cropIsShiftedNotShrunkAtTheLeftAndTopBorders() {
        // Moved by (−50, −60): x = floor(max(0, 80 − 94.5)) = 0, y = floor(max(0, 66.667 − 81.27)) = 0; the size
        // stays 189 (face-api.js moves the box inside rather than cutting it).
        assertEquals(new Region(0, 0, 189, 189), RecognitionCrop.of(face(-50, -60), 640, 480));
    }

    @Test
    void fractionalLandmarksAreFlooredLikeFaceApiJs() {
        // Moved by (0.7, 0.7): size still floor(189.87) = 189; x = floor(35.5 + 0.7) = 36,
        // y = floor(45.397 + 0.7) = 46.
        assertEquals(new Region(36, 46, 189, 189), RecognitionCrop.of(face(0.7, 0.7), 640, 480));
    }

    @Test
    void faceOutsideTheImageIsRejectedWithAnActionableMessage() {
        FaceOutsideImageException e = assertThrows(FaceOutsideImageException.class,
                () -> RecognitionCrop.of(face(700, 0), 640, 480));
        assertTrue(e.getMessage().contains("640x480"), e.getMessage());
    }

    @Test
    void nonFiniteLandmarksAreRejected() {
        assertThrows(FaceOutsideImageException.class, () -> RecognitionCrop.of(face(Double.NaN, 0), 640, 480));
    }
}

package io.facegate.face.landmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.Box;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.NetInput.Region;
import io.facegate.face.image.RgbImage;
import io.facegate.testsupport.FaceApiReference;

/**
 * FaceLandmarker's crop rules and error handling; its accuracy against face-api.js is checked by
 * {@code TinyFaceDetectorParityTest}.
 */
class FaceLandmarkerTest {

    private static FaceLandmarker landmarker;

    @BeforeAll
    static void load() {
        landmarker = new FaceLandmarker(FaceApiReference.models(), 1);
    }

    @AfterAll
    static void close() {
        landmarker.close();
    }

    @Test
    void cropFloorsEachCoordinateOfTheBox() {
        assertEquals(new Region(10, 20, 50, 60), FaceLandmarker.crop(new Box(10.7, 20.2, 50.6, 60.9), 100, 100));
    }

    @Test
    void cropClipsAtTheImageBorders() {
        // left/top: x = 0, width = 24.5 − 0 → 24; right/bottom: limited to 100 − 80.2 = 19.8 → 19, 100 − 90.9 → 9
        assertEquals(new Region(0, 0, 24, 27), FaceLandmarker.crop(new Box(-5.5, -3, 30, 30), 100, 100));
        assertEquals(new Region(80, 90, 19, 9), FaceLandmarker.crop(new Box(80.2, 90.9, 40, 40), 100, 100));
    }

    @Test
    void rejectsBoxesWithoutAWholePixelInsideTheImage() {
        assertThrows(IllegalArgumentException.class, () -> FaceLandmarker.crop(new Box(120, 10, 30, 30), 100, 100));
        assertThrows(IllegalArgumentException.class, () -> FaceLandmarker.crop(new Box(10, 10, 0.5, 30), 100, 100));
        assertThrows(IllegalArgumentException.class,
                () -> FaceLandmarker.crop(new Box(Double.NaN, 10, 30, 30), 100, 100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> landmarker.landmarks(new RgbImage(50, 50, new byte[50 * 50 * 3]), new Box(-40, -40, 30, 30)));
        assertTrue(e.getMessage().contains("50x50"), e.getMessage());
    }

    @Test
    void placesTheLandmarksNearTheBoxEvenWithoutAFace() {
        RgbImage grey = new RgbImage(200, 160, filled(200 * 160 * 3, (byte) 128));
        Box box = new Box(40.5, 30.25, 80, 100);
        FaceLandmarks points = landmarker.landmarks(grey, box);
        assertEquals(FaceLandmarks.COUNT, points.points().size());
        for (Point p : points.points()) {
            assertTrue(p.x() > box.x() - box.width() / 2 && p.x() < box.x() + 1.5 * box.width(), p.toString());
            assertTrue(p.y() > box.y() - box.height() / 2 && p.y() < box.y() + 1.5 * box.height(), p.toString());
        }
    }

    private static byte[] filled(int n, byte value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, value);
        return b;
    }
}

package io.facegate.face.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.Detection;
import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/**
 * Compares {@link SsdMobilenetV1Detector} with face-api.js's own SSD detections ({@code minConfidence 0.5}) on the
 * sample PNGs written by {@code scripts/faceapi-reference.mjs} (run by the build before the tests).
 */
class SsdMobilenetV1ParityTest {

    private static final double BOX_TOLERANCE_PX = 1.0;
    private static final double SCORE_TOLERANCE = 0.01;

    private static SsdMobilenetV1Detector detector;

    @BeforeAll
    static void build() {
        detector = new SsdMobilenetV1Detector(ModelSource.classpath(), 2, SsdMobilenetV1Options.DEFAULT);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void matchesFaceApiOnEverySample() {
        assertEquals(0.5, FaceApiReference.settings().ssdMinConfidence(), "reference made with other options");
        double maxBox = 0;
        double maxScore = 0;
        int images = 0;
        int faces = 0;
        for (FaceApiReference.Image entry : FaceApiReference.images()) {
            String file = entry.file().getFileName().toString();
            RgbImage image = TestImages.read(entry.file());
            assertEquals(entry.width(), image.width(), file);
            List<Detection> expected = new ArrayList<>();
            for (FaceApiReference.Face face : entry.ssd()) {
                expected.add(new Detection(face.box(), face.score()));
            }
            List<Detection> actual = detector.detect(image);
            assertEquals(expected.size(), actual.size(), file + ": number of faces");
            for (int i = 0; i < expected.size(); i++) {
                Detection e = expected.get(i);
                Detection a = actual.get(i);
                double box = maxAbs(e.box().x() - a.box().x(), e.box().y() - a.box().y(),
                        e.box().width() - a.box().width(), e.box().height() - a.box().height());
                double score = Math.abs(e.score() - a.score());
                assertTrue(box <= BOX_TOLERANCE_PX, file + " face " + i + ": box " + a.box() + " vs " + e.box());
                assertTrue(score <= SCORE_TOLERANCE, file + " face " + i + ": score " + a.score() + " vs " + e.score());
                maxBox = Math.max(maxBox, box);
                maxScore = Math.max(maxScore, score);
                faces++;
            }
            images++;
        }
        assertTrue(images >= 1, "reference.json lists no images");
        System.out.printf(Locale.ROOT, "SSD parity: %d images, %d faces, max box diff %.2e px, max score diff %.2e%n",
                images, faces, maxBox, maxScore);
    }

    private static double maxAbs(double... values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}

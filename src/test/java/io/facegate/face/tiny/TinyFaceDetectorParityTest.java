package io.facegate.face.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.Box;
import io.facegate.face.Detection;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.image.RgbImage;
import io.facegate.face.landmarks.FaceLandmarker;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/**
 * TinyFaceDetector and FaceLandmark68Net against face-api.js itself on the same PNG pixels
 * ({@code target/parity/reference.json}, {@code tiny} lists: input 416, score threshold 0.5).
 */
class TinyFaceDetectorParityTest {

    /** Allowed difference of each box coordinate and of each landmark coordinate, px. */
    private static final double PX_TOLERANCE = 1.0;
    /** Allowed score difference. */
    private static final double SCORE_TOLERANCE = 0.01;

    private static TinyFaceDetector detector;
    private static FaceLandmarker landmarker;

    @BeforeAll
    static void load() {
        detector = new TinyFaceDetector(FaceApiReference.models(), 2, TinyFaceDetectorOptions.DEFAULTS);
        landmarker = new FaceLandmarker(FaceApiReference.models(), 2);
    }

    @AfterAll
    static void close() {
        detector.close();
        landmarker.close();
    }

    @Test
    void detectionsAndLandmarksMatchFaceApiJs() {
        List<FaceApiReference.Image> images = FaceApiReference.images();
        assertFalse(images.isEmpty(), "reference.json lists no images");
        double maxBox = 0;
        double maxScore = 0;
        double maxLandmarksOnTheirBox = 0;
        double maxLandmarksOnOurBox = 0;
        int faces = 0;
        List<String> failures = new ArrayList<>();
        for (FaceApiReference.Image ref : images) {
            String file = ref.file().getFileName().toString();
            RgbImage image = TestImages.read(ref.file());
            assertEquals(ref.width(), image.width(), file);
            List<Detection> ours = detector.detect(image);
            if (ours.size() != ref.tiny().size()) {
                failures.add(file + ": " + ours.size() + " faces, face-api.js " + ref.tiny().size());
                continue;
            }
            List<Detection> unmatched = new ArrayList<>(ours);
            for (FaceApiReference.Face theirs : ref.tiny()) {
                Detection mine = unmatched.stream()
                        .max((a, b) -> Double.compare(a.box().iou(theirs.box()), b.box().iou(theirs.box())))
                        .orElseThrow();
                unmatched.remove(mine);
                faces++;
                double box = boxDifference(mine.box(), theirs.box());
                double score = Math.abs(mine.score() - theirs.score());
                double onTheirs = landmarkDifference(landmarker.landmarks(image, theirs.box()), theirs.landmarks());
                double onOurs = landmarkDifference(landmarker.landmarks(image, mine.box()), theirs.landmarks());
                maxBox = Math.max(maxBox, box);
                maxScore = Math.max(maxScore, score);
                maxLandmarksOnTheirBox = Math.max(maxLandmarksOnTheirBox, onTheirs);
                maxLandmarksOnOurBox = Math.max(maxLandmarksOnOurBox, onOurs);
                if (box > PX_TOLERANCE || score > SCORE_TOLERANCE || onTheirs > PX_TOLERANCE
                        || onOurs > PX_TOLERANCE) {
                    failures.add(String.format("%s face at %s: box %.3f px, score %.4f, landmarks %.3f / %.3f px",
                            file, theirs.box(), box, score, onTheirs, onOurs));
                }
            }
        }
        System.out.printf("Tiny parity over %d faces in %d images: max box diff %.2e px, max score diff %.2e, "
                        + "max landmark diff %.2e px (face-api.js box) / %.2e px (our box)%n",
                faces, images.size(), maxBox, maxScore, maxLandmarksOnTheirBox, maxLandmarksOnOurBox);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(faces > 0, "reference.json has no TinyFaceDetector faces to compare");
    }

    @Test
    void findsTheThreeFacesOfSample1() {
        RgbImage image = TestImages.read(FaceApiReference.dir().resolve("sample1.png"));
        List<Detection> faces = detector.detect(image);
        assertEquals(3, faces.size(), "sample1 shows three people");
        for (int i = 1; i < faces.size(); i++) {
            assertTrue(faces.get(i - 1).score() >= faces.get(i).score(), "highest score first");
        }
    }

    /** @return the largest absolute difference of x, y, width and height, px */
    private static double boxDifference(Box a, Box b) {
        return Math.max(Math.max(Math.abs(a.x() - b.x()), Math.abs(a.y() - b.y())),
                Math.max(Math.abs(a.width() - b.width()), Math.abs(a.height() - b.height())));
    }

    /** @return the largest absolute difference of any landmark coordinate, px */
    private static double landmarkDifference(FaceLandmarks ours, FaceLandmarks theirs) {
        double max = 0;
        for (int i = 0; i < FaceLandmarks.COUNT; i++) {
            max = Math.max(max, Math.abs(ours.get(i).x() - theirs.get(i).x()));
            max = Math.max(max, Math.abs(ours.get(i).y() - theirs.get(i).y()));
        }
        return max;
    }
}

package io.facegate.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.facegate.face.match.Descriptors;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/**
 * The whole pipeline (detector → landmarks → descriptor) against face-api.js run by the build on the same PNG
 * pixels: every face found, boxes within 1 px, scores within 0.01, landmarks within 1 px, descriptors within
 * Euclidean distance 0.01 — the parity the engine promises, on the networks converted by the build.
 */
class FaceEngineParityTest {

    private static FaceEngine engine;

    @BeforeAll
    static void load() {
        // The networks the jar ships: the build's ONNX files (ModelConverterTest checks they are there and equal to
        // the graphs built from the npm weights, which the per-network parity tests load).
        engine = FaceEngine.load(ModelSource.classpath(), 2);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @ParameterizedTest
    @EnumSource(DetectorKind.class)
    void wholePipelineMatchesFaceApiJs(DetectorKind kind) {
        AnalysisOptions options = new AnalysisOptions(kind, 416, 0.5, Pipeline.FACEAPI);
        int compared = 0;
        double maxBox = 0, maxScore = 0, maxLandmark = 0, maxDescriptor = 0;
        for (FaceApiReference.Image image : FaceApiReference.images()) {
            List<FaceApiReference.Face> expected = kind == DetectorKind.TINY ? image.tiny() : image.ssd();
            List<Face> actual = engine.analyze(TestImages.read(image.file()), options);
            assertEquals(expected.size(), actual.size(), "faces in " + image.file());
            for (FaceApiReference.Face ref : expected) {
                Face face = actual.stream()
                        .max((a, b) -> Double.compare(a.detection().box().iou(ref.box()),
                                b.detection().box().iou(ref.box())))
                        .orElseThrow();
                Box box = face.detection().box();
                maxBox = Math.max(maxBox, Math.max(Math.max(Math.abs(box.x() - ref.box().x()),
                        Math.abs(box.y() - ref.box().y())), Math.max(Math.abs(box.width() - ref.box().width()),
                        Math.abs(box.height() - ref.box().height()))));
                maxScore = Math.max(maxScore, Math.abs(face.detection().score() - ref.score()));
                for (int i = 0; i < FaceLandmarks.COUNT; i++) {
                    Point p = face.landmarks().get(i);
                    Point q = ref.landmarks().get(i);
                    maxLandmark = Math.max(maxLandmark, Math.hypot(p.x() - q.x(), p.y() - q.y()));
                }
                maxDescriptor = Math.max(maxDescriptor, Descriptors.distance(face.descriptor(), ref.descriptor()));
                compared++;
            }
        }
        System.out.printf("%s parity over %d faces: box %.2e px, score %.2e, landmarks %.2e px, descriptor %.2e%n",
                kind, compared, maxBox, maxScore, maxLandmark, maxDescriptor);
        assertTrue(compared >= 12, "at least 12 faces compared, got " + compared);
        assertTrue(maxBox <= 1.0, "box difference " + maxBox + " px");
        assertTrue(maxScore <= 0.01, "score difference " + maxScore);
        assertTrue(maxLandmark <= 1.0, "landmark difference " + maxLandmark + " px");
        assertTrue(maxDescriptor <= 0.01, "descriptor distance " + maxDescriptor);
    }
}

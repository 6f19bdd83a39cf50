package io.facegate.face.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;

/**
 * Parity with face-api.js itself: for every face face-api.js found in the demo photos (both detectors), our crop and
 * descriptor from face-api.js's own landmarks must land within 0.01 (Euclidean) of face-api.js's descriptor.
 * Both sides read the same PNG pixels, so only floating-point differences remain (measured ~1e-6).
 */
class FaceRecognizerParityTest {

    /** Far below the 0.6 decision threshold; differences here come from float rounding only. */
    private static final double TOLERANCE = 0.01;

    private static FaceRecognitionNet net;

    @BeforeAll
    static void buildNet() {
        net = FaceRecognitionNet.load(ModelSource.classpath(), 2);
    }

    @AfterAll
    static void closeNet() {
        net.close();
    }

    @Test
    void descriptorsMatchFaceApiJsOnEveryReferenceFace() {
        Path dir = ParityReference.dir();
        List<ParityReference.Image> images = ParityReference.load(dir);
        FaceRecognizer recognizer = new FaceRecognizer(net);
        int faces = 0;
        double max = 0;
        String worst = "";
        for (ParityReference.Image image : images) {
            RgbImage rgb = ParityReference.read(dir.resolve(image.file()));
            assertEquals(image.width(), rgb.width(), image.file());
            assertEquals(image.height(), rgb.height(), image.file());
            for (ParityReference.Face face : image.allFaces()) {
                float[] descriptor = recognizer.describe(rgb, face.landmarks());
                assertEquals(FaceRecognitionNet.DESCRIPTOR_LENGTH, descriptor.length);
                double distance = ParityReference.distance(descriptor, face.descriptor());
                assertTrue(distance <= TOLERANCE, face.label() + ": distance to face-api.js " + distance);
                if (distance > max) {
                    max = distance;
                    worst = face.label();
                }
                faces++;
            }
        }
        System.out.printf("FaceRecognizer parity: %d faces, max distance to face-api.js %.3g (%s)%n", faces, max,
                worst);
        assertTrue(faces >= 20, "reference.json should hold the demo faces, found " + faces);
    }

    @Test
    void inputOfTheWrongSizeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.compute(new float[3 * 112 * 112]));
        assertTrue(e.getMessage().contains("[1,3,150,150]"), e.getMessage());
    }

    @Test
    void threadCountBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> FaceRecognitionNet.load(ModelSource.classpath(), 0));
    }
}

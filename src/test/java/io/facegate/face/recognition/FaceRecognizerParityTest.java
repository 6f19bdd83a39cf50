package io.facegate.face.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

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
        net = new FaceRecognitionNet(ModelSource.classpath(), 2);
    }

    @AfterAll
    static void closeNet() {
        net.close();
    }

    @Test
    void descriptorsMatchFaceApiJsOnEveryReferenceFace() {
        List<FaceApiReference.Image> images = FaceApiReference.images();
        FaceRecognizer recognizer = new FaceRecognizer(net);
        int faces = 0;
        double max = 0;
        String worst = "";
        for (FaceApiReference.Image image : images) {
            String file = image.file().getFileName().toString();
            RgbImage rgb = TestImages.read(image.file());
            assertEquals(image.width(), rgb.width(), file);
            assertEquals(image.height(), rgb.height(), file);
            for (FaceApiReference.Face face : image.allFaces()) {
                float[] descriptor = recognizer.describe(rgb, face.landmarks());
                assertEquals(FaceRecognitionNet.DESCRIPTOR_LENGTH, descriptor.length);
                double distance = distance(descriptor, face.descriptor());
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
        assertThrows(IllegalArgumentException.class, () -> new FaceRecognitionNet(ModelSource.classpath(), 0));
    }

    /** Euclidean distance, in double, independent of the production code under test. */
    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}

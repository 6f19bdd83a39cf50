package io.facegate.cli;

import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Detection;
import io.facegate.face.Face;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.image.RgbImage;

/**
 * What the command line needs from the face engine: the three face-api.js stages, separately (so the benchmark
 * can time each) and together. Implementations must be thread-safe: commands call them from several threads.
 */
public interface FaceAnalyzer extends AutoCloseable {

    /**
     * @param image    the image
     * @param settings detector, input size and minimum score
     * @return faces found, highest score first, boxes in image px
     */
    List<Detection> detect(RgbImage image, DetectorSettings settings);

    /**
     * @param image     the image
     * @param detection a face found in it
     * @return its 68 landmarks in image px
     */
    FaceLandmarks landmarks(RgbImage image, Detection detection);

    /**
     * @param image     the image
     * @param landmarks a face's landmarks
     * @return the face descriptor, {@code float[128]}
     */
    float[] descriptor(RgbImage image, FaceLandmarks landmarks);

    /**
     * The whole pipeline (face-api.js {@code detectAllFaces(...).withFaceLandmarks().withFaceDescriptors()}).
     *
     * @param image    the image
     * @param settings detector options
     * @return every face with landmarks and descriptor, highest score first
     */
    default List<Face> analyze(RgbImage image, DetectorSettings settings) {
        List<Face> faces = new ArrayList<>();
        for (Detection detection : detect(image, settings)) {
            FaceLandmarks landmarks = landmarks(image, detection);
            faces.add(new Face(detection, landmarks, descriptor(image, landmarks)));
        }
        return faces;
    }

    /** Releases native resources (sessions); nothing by default. */
    @Override
    default void close() {
    }

    /** Opens the engine; called once per command, after the options are checked. */
    @FunctionalInterface
    interface Factory {
        /**
         * @return a ready analyzer
         * @throws Exception if the engine cannot start (missing weights, native library...)
         */
        FaceAnalyzer open() throws Exception;
    }
}

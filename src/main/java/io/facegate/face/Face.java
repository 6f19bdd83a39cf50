package io.facegate.face;

/**
 * One face as the engine describes it.
 *
 * @param detection  where the detector found it, with its score
 * @param landmarks  the 68 landmarks, in image pixels
 * @param descriptor the FaceRecognitionNet descriptor, {@code float[128]} (not L2-normalised; norms are ~1.4–1.5)
 */
public record Face(Detection detection, FaceLandmarks landmarks, float[] descriptor) {
}

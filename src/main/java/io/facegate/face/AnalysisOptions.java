package io.facegate.face;

import io.facegate.face.tiny.TinyFaceDetectorOptions;

/**
 * How the engine looks for faces.
 *
 * @param detector  which detector runs
 * @param inputSize TinyFaceDetector input side in px (128–608, multiple of 32); ignored by SSD, which always
 *                  runs at 512
 * @param minScore  minimum detector score, 0–1 (face-api.js's default for both detectors is 0.5)
 */
public record AnalysisOptions(DetectorKind detector, int inputSize, double minScore) {

    /** face-api.js's defaults: TinyFaceDetector at 416 px, score 0.5. */
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(DetectorKind.TINY,
            TinyFaceDetectorOptions.DEFAULT_INPUT_SIZE, TinyFaceDetectorOptions.DEFAULT_SCORE_THRESHOLD);

    /**
     * @throws IllegalArgumentException if the input size or score is out of range
     */
    public AnalysisOptions {
        if (detector == null) {
            throw new IllegalArgumentException("A detector is required (tiny or ssd).");
        }
        if (detector == DetectorKind.TINY) {
            TinyFaceDetectorOptions.of(inputSize, minScore);
        }
        if (!(minScore > 0 && minScore < 1)) {
            throw new IllegalArgumentException("The minimum score must be between 0 and 1, got " + minScore + ".");
        }
    }
}

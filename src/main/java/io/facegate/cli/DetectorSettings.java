package io.facegate.cli;

import java.util.Objects;

/**
 * Detector options of a command, as face-api.js names them.
 *
 * @param detector  which detector
 * @param inputSize TinyFaceDetector input side in px, a multiple of 32 from 128 to 1024 (face-api.js default
 *                  416); {@value #SSD_INPUT_SIZE} for SSD, whose input is fixed
 * @param minScore  detections below this score are dropped, in (0, 1) (face-api.js default 0.5 for both:
 *                  {@code scoreThreshold} / {@code minConfidence})
 */
public record DetectorSettings(DetectorChoice detector, int inputSize, double minScore) {

    /** face-api.js's TinyFaceDetectorOptions default input size. */
    public static final int DEFAULT_TINY_INPUT_SIZE = 416;
    /** SSD MobileNet v1's fixed input side in face-api.js. */
    public static final int SSD_INPUT_SIZE = 512;
    /** face-api.js default score threshold (tiny) / minimum confidence (SSD). */
    public static final double DEFAULT_MIN_SCORE = 0.5;

    /**
     * @throws IllegalArgumentException with a sentence naming the option, if a value is out of range
     */
    public DetectorSettings {
        Objects.requireNonNull(detector, "detector");
        if (detector == DetectorChoice.TINY && (inputSize < 128 || inputSize > 1024 || inputSize % 32 != 0)) {
            throw new IllegalArgumentException("--input-size must be a multiple of 32 from 128 to 1024 (e.g. 320,"
                    + " 416 or 608), got " + inputSize + ".");
        }
        if (detector == DetectorChoice.SSD && inputSize != SSD_INPUT_SIZE) {
            throw new IllegalArgumentException("--input-size applies to the tiny detector only; SSD always uses "
                    + SSD_INPUT_SIZE + ".");
        }
        if (!(minScore > 0 && minScore < 1)) {
            throw new IllegalArgumentException("--min-score must be between 0 and 1 (exclusive), got " + minScore + ".");
        }
    }

    /** @return tiny detector, input 416, min score 0.5 */
    public static DetectorSettings defaults() {
        return new DetectorSettings(DetectorChoice.TINY, DEFAULT_TINY_INPUT_SIZE, DEFAULT_MIN_SCORE);
    }
}

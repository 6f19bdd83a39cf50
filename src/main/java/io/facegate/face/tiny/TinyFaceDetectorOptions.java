package io.facegate.face.tiny;

/**
 * Settings of one {@link TinyFaceDetector} run (face-api.js {@code TinyFaceDetectorOptions} plus its fixed
 * {@code IOU_THRESHOLD}).
 *
 * @param inputSize      side of the square network input in px: 128–608 and a multiple of 32 (the grid has
 *                       {@code inputSize/32} cells per side). Larger finds smaller faces and costs more time.
 * @param scoreThreshold keep boxes whose score is strictly above this, in (0, 1)
 * @param iouThreshold   non-maximum suppression drops a box whose intersection over union with a kept,
 *                       higher-scoring box is above this, in [0, 1]
 */
public record TinyFaceDetectorOptions(int inputSize, double scoreThreshold, double iouThreshold) {

    /** face-api.js default input size, px. */
    public static final int DEFAULT_INPUT_SIZE = 416;
    /** face-api.js default score threshold ({@code TinyYolov2Options}). */
    public static final double DEFAULT_SCORE_THRESHOLD = 0.5;
    /** face-api.js {@code tinyFaceDetector/const.ts} {@code IOU_THRESHOLD}. */
    public static final double DEFAULT_IOU_THRESHOLD = 0.4;
    /** Smallest accepted input size, px. */
    public static final int MIN_INPUT_SIZE = 128;
    /** Largest accepted input size, px. */
    public static final int MAX_INPUT_SIZE = 608;

    /** The face-api.js defaults: input 416 px, score threshold 0.5, IoU threshold 0.4. */
    public static final TinyFaceDetectorOptions DEFAULTS =
            new TinyFaceDetectorOptions(DEFAULT_INPUT_SIZE, DEFAULT_SCORE_THRESHOLD, DEFAULT_IOU_THRESHOLD);

    /**
     * @throws IllegalArgumentException if a value is out of range
     */
    public TinyFaceDetectorOptions {
        if (inputSize < MIN_INPUT_SIZE || inputSize > MAX_INPUT_SIZE || inputSize % 32 != 0) {
            throw new IllegalArgumentException("Tiny face detector input size must be a multiple of 32 between "
                    + MIN_INPUT_SIZE + " and " + MAX_INPUT_SIZE + " px (e.g. 224, 320, 416), got " + inputSize);
        }
        if (!(scoreThreshold > 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("Score threshold must be between 0 and 1 (exclusive), got "
                    + scoreThreshold);
        }
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("IoU threshold must be between 0 and 1, got " + iouThreshold);
        }
    }

    /**
     * @param inputSize      see {@link #inputSize()}
     * @param scoreThreshold see {@link #scoreThreshold()}
     * @return options with the default IoU threshold 0.4
     */
    public static TinyFaceDetectorOptions of(int inputSize, double scoreThreshold) {
        return new TinyFaceDetectorOptions(inputSize, scoreThreshold, DEFAULT_IOU_THRESHOLD);
    }

    /** @return the number of grid cells per side, {@code inputSize/32} */
    public int gridSize() {
        return inputSize / 32;
    }
}

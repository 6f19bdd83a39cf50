package io.facegate.face;

import io.facegate.face.ssd.SsdMobilenetV1Graph;
import io.facegate.face.tiny.TinyFaceDetectorOptions;

/**
 * How the engine looks for faces.
 *
 * @param detector  which detector runs
 * @param inputSize TinyFaceDetector input side in px: 128–608 and a multiple of 32 (the limits of
 *                  {@link TinyFaceDetectorOptions}); ignored by SSD, which always runs at
 *                  {@value SsdMobilenetV1Graph#INPUT_SIZE} ({@link #ssd(double)} records that value)
 * @param minScore  minimum detector score, strictly between 0 and 1 (face-api.js's default for both detectors is
 *                  0.5)
 * @param pipeline  how descriptors are made: {@link Pipeline#FACEAPI} (face-api.js exactly, the default of the
 *                  three-argument constructor and the factories) or {@link Pipeline#SERVER} (login)
 */
public record AnalysisOptions(DetectorKind detector, int inputSize, double minScore, Pipeline pipeline) {

    /** face-api.js's defaults: TinyFaceDetector at 416 px, score 0.5. */
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(DetectorKind.TINY,
            TinyFaceDetectorOptions.DEFAULT_INPUT_SIZE, TinyFaceDetectorOptions.DEFAULT_SCORE_THRESHOLD);

    /**
     * @throws IllegalArgumentException with a sentence naming the accepted range, if a value is out of range
     */
    public AnalysisOptions {
        if (pipeline == null) {
            throw new IllegalArgumentException("A pipeline is required (server or faceapi).");
        }
        if (detector == null) {
            throw new IllegalArgumentException("A detector is required (tiny or ssd).");
        }
        if (detector == DetectorKind.TINY && (inputSize < TinyFaceDetectorOptions.MIN_INPUT_SIZE
                || inputSize > TinyFaceDetectorOptions.MAX_INPUT_SIZE || inputSize % 32 != 0)) {
            throw new IllegalArgumentException("The tiny detector's input size must be a multiple of 32 from "
                    + TinyFaceDetectorOptions.MIN_INPUT_SIZE + " to " + TinyFaceDetectorOptions.MAX_INPUT_SIZE
                    + " px (e.g. 320, 416 or 608), got " + inputSize + ".");
        }
        if (!(minScore > 0 && minScore < 1)) {
            throw new IllegalArgumentException("The minimum score must be between 0 and 1 (exclusive), got "
                    + minScore + ".");
        }
    }

    /**
     * face-api.js's pipeline ({@link Pipeline#FACEAPI}).
     *
     * @throws IllegalArgumentException with a sentence naming the accepted range, if a value is out of range
     */
    public AnalysisOptions(DetectorKind detector, int inputSize, double minScore) {
        this(detector, inputSize, minScore, Pipeline.FACEAPI);
    }

    /**
     * @param p the pipeline
     * @return these options with that pipeline
     */
    public AnalysisOptions withPipeline(Pipeline p) {
        return new AnalysisOptions(detector, inputSize, minScore, p);
    }

    /**
     * @param inputSize input side in px, 128–608, a multiple of 32
     * @param minScore  minimum score, in (0, 1)
     * @return TinyFaceDetector options
     */
    public static AnalysisOptions tiny(int inputSize, double minScore) {
        return new AnalysisOptions(DetectorKind.TINY, inputSize, minScore);
    }

    /**
     * @param minScore minimum score, in (0, 1)
     * @return SSD MobileNet v1 options, input size recorded as its fixed {@value SsdMobilenetV1Graph#INPUT_SIZE}
     */
    public static AnalysisOptions ssd(double minScore) {
        return new AnalysisOptions(DetectorKind.SSD, SsdMobilenetV1Graph.INPUT_SIZE, minScore);
    }
}

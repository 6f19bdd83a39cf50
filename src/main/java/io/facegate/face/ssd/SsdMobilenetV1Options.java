package io.facegate.face.ssd;

/**
 * Options of the SSD MobileNet v1 detector, as face-api.js {@code SsdMobilenetv1Options}.
 *
 * @param minConfidence keep detections scoring strictly above this, 0 &lt; value &lt; 1 (face-api.js default 0.5)
 * @param maxResults    at most this many detections after non-maximum suppression, ≥ 1 (default 100)
 */
public record SsdMobilenetV1Options(double minConfidence, int maxResults) {

    /** face-api.js defaults: min confidence 0.5, max results 100. */
    public static final SsdMobilenetV1Options DEFAULT = new SsdMobilenetV1Options(0.5, 100);

    /**
     * @throws IllegalArgumentException if minConfidence is not strictly between 0 and 1 or maxResults is below 1
     */
    public SsdMobilenetV1Options {
        if (!(minConfidence > 0 && minConfidence < 1)) {
            throw new IllegalArgumentException(
                    "SSD minConfidence must be strictly between 0 and 1, got " + minConfidence);
        }
        if (maxResults < 1) {
            throw new IllegalArgumentException("SSD maxResults must be at least 1, got " + maxResults);
        }
    }
}

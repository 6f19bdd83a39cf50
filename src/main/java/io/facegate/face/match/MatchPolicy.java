package io.facegate.face.match;

/**
 * Distance thresholds for face decisions (Euclidean distance between descriptors; smaller is more alike).
 *
 * @param verificationThreshold   1:1: a probe matches a user when its smallest distance to the user's templates is
 *                                at most this
 * @param identificationThreshold 1:N: the best user is accepted only if its distance is at most this
 * @param identificationMargin    1:N: and only if the second-best user is at least this much farther away
 */
public record MatchPolicy(double verificationThreshold, double identificationThreshold,
                          double identificationMargin) {

    /**
     * Defaults, not yet calibrated on FaceGate data: both thresholds 0.6, the threshold face-api.js's examples and
     * dlib use for this network (dlib's {@code dlib_face_recognition_resnet_model_v1} documentation: distance
     * below 0.6 means same person, 99.38% accuracy on LFW); margin 0.05, a provisional choice of ours with no
     * published source. Measured on face-api.js's demo photos: different people in one photo came as close as
     * 0.49, so 0.6 is permissive; calibrate before relying on it.
     */
    public static final MatchPolicy DEFAULT = new MatchPolicy(0.6, 0.6, 0.05);

    /**
     * @throws IllegalArgumentException if a threshold is not positive and finite or the margin is negative
     */
    public MatchPolicy {
        if (!(verificationThreshold > 0) || !Double.isFinite(verificationThreshold)
                || !(identificationThreshold > 0) || !Double.isFinite(identificationThreshold)) {
            throw new IllegalArgumentException("Match thresholds must be positive finite distances, got "
                    + verificationThreshold + " and " + identificationThreshold);
        }
        if (!(identificationMargin >= 0) || !Double.isFinite(identificationMargin)) {
            throw new IllegalArgumentException("The identification margin must be a finite distance ≥ 0, got "
                    + identificationMargin);
        }
    }
}

package io.facegate.face.match;

import java.util.Arrays;
import java.util.Objects;

/**
 * One enrolled face of a user.
 *
 * @param userId       the user it belongs to (not blank)
 * @param descriptor   the face descriptor, {@code float[128]} (copied in and out)
 * @param modelVersion the pipeline/model that produced it, e.g.
 *                     {@code io.facegate.face.recognition.FaceRecognizer.MODEL_VERSION}; descriptors of different
 *                     versions live in different spaces and are never compared
 */
public record Template(String userId, float[] descriptor, String modelVersion) {

    /**
     * @throws IllegalArgumentException if the user id or version is blank, or the descriptor is not 128 finite
     *                                  numbers
     */
    public Template {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("A template needs the id of the user it belongs to");
        }
        if (modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("A template needs the model version that produced its descriptor");
        }
        descriptor = Descriptors.checkedCopy(descriptor);
    }

    /** @return a copy of the descriptor, {@code float[128]} */
    @Override
    public float[] descriptor() {
        return descriptor.clone();
    }

    /** @return distance from this template to a descriptor (no copy) */
    double distanceTo(float[] probe) {
        return Descriptors.distance(descriptor, probe);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && userId.equals(t.userId) && modelVersion.equals(t.modelVersion)
                && Arrays.equals(descriptor, t.descriptor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, modelVersion, Arrays.hashCode(descriptor));
    }

    /** Leaves the descriptor out: it is biometric data and does not belong in logs. */
    @Override
    public String toString() {
        return "Template[userId=" + userId + ", modelVersion=" + modelVersion + "]";
    }
}

package io.facegate.face.match;

import java.util.List;

/** Operations on face descriptors ({@code float[128]} from FaceRecognitionNet). */
public final class Descriptors {

    /** Length of a FaceRecognitionNet descriptor. */
    public static final int LENGTH = 128;

    private Descriptors() {
    }

    /**
     * Euclidean distance, as face-api.js's {@code euclideanDistance} and dlib compare descriptors (summed in double).
     *
     * @param a a descriptor
     * @param b another descriptor of the same length
     * @return {@code √Σ(aᵢ − bᵢ)²}, ≥ 0; same person typically &lt; 0.6
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double distance(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Descriptors of different lengths cannot be compared: "
                    + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /**
     * The element-wise mean of descriptors (a user's mean template, {@link Gallery#meanTemplate}).
     *
     * @param descriptors descriptors of one length, at least one
     * @return a new array of that length
     * @throws IllegalArgumentException if there is none
     */
    public static float[] mean(List<float[]> descriptors) {
        if (descriptors.isEmpty()) {
            throw new IllegalArgumentException("A mean template needs at least one template");
        }
        float[] mean = new float[descriptors.get(0).length];
        for (float[] d : descriptors) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += d[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= descriptors.size();
        }
        return mean;
    }

    /**
     * @param descriptor a candidate descriptor
     * @return a copy
     * @throws IllegalArgumentException if it is not {@value #LENGTH} finite numbers
     */
    static float[] checkedCopy(float[] descriptor) {
        return check(descriptor).clone();
    }

    /**
     * @param descriptor a candidate descriptor
     * @return the same array
     * @throws IllegalArgumentException if it is not {@value #LENGTH} finite numbers
     */
    static float[] check(float[] descriptor) {
        if (descriptor == null || descriptor.length != LENGTH) {
            throw new IllegalArgumentException("A face descriptor has " + LENGTH + " values, got "
                    + (descriptor == null ? "none" : descriptor.length));
        }
        for (float v : descriptor) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("A face descriptor must hold finite numbers, found " + v);
            }
        }
        return descriptor;
    }
}

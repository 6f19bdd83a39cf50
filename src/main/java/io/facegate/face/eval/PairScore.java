package io.facegate.face.eval;

/**
 * The outcome of one verification pair.
 *
 * @param fold     fold index, 0-based (always 0 without folds)
 * @param same     ground truth: both images show the same person
 * @param distance Euclidean distance between the two descriptors (lower = more alike), or {@code NaN} when
 *                 a face was not found in one of the images: such a pair counts as an error at every threshold
 */
public record PairScore(int fold, boolean same, double distance) {

    /** @return a scored pair */
    public static PairScore of(int fold, boolean same, double distance) {
        if (Double.isNaN(distance)) {
            throw new IllegalArgumentException("Use PairScore.noFace for a pair without a distance");
        }
        return new PairScore(fold, same, distance);
    }

    /** @return a pair where a face was missing in at least one image */
    public static PairScore noFace(int fold, boolean same) {
        return new PairScore(fold, same, Double.NaN);
    }

    /** @return whether a face was missing (no distance) */
    public boolean noFace() {
        return Double.isNaN(distance);
    }

    /**
     * @param threshold decision threshold
     * @return whether the decision "same iff distance &lt; threshold" is right (always false without a face)
     */
    public boolean correctAt(double threshold) {
        return !noFace() && (distance < threshold) == same;
    }
}

package io.facegate.face;

/**
 * A face found by a detector.
 *
 * @param box   the face box in image pixels
 * @param score detector confidence, 0–1
 */
public record Detection(Box box, double score) {
}

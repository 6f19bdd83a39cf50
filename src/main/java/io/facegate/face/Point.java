package io.facegate.face;

/**
 * A point in image pixels.
 *
 * @param x column in px
 * @param y row in px
 */
public record Point(double x, double y) {
}

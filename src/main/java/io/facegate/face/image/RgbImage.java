package io.facegate.face.image;

import java.util.Objects;

/**
 * A decoded 8-bit RGB image, rows top to bottom, pixels interleaved {@code R,G,B} ({@code byte[width·height·3]},
 * read as unsigned). Orientation is already applied: pixel (0,0) is the top-left of the picture as seen.
 *
 * @param width  width in px (≥ 1)
 * @param height height in px (≥ 1)
 * @param rgb    interleaved pixels, length {@code width·height·3}
 */
public record RgbImage(int width, int height, byte[] rgb) {

    /**
     * @throws IllegalArgumentException if a dimension is not positive or the buffer has the wrong length
     */
    public RgbImage {
        Objects.requireNonNull(rgb, "rgb");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Image dimensions must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("Expected " + width * height * 3 + " bytes, got " + rgb.length);
        }
    }

    /**
     * @param x column in px
     * @param y row in px
     * @param c channel 0 (R), 1 (G) or 2 (B)
     * @return the channel value 0–255
     */
    public int value(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }
}

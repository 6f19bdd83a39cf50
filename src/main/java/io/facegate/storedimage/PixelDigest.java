package io.facegate.storedimage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.facegate.face.image.RgbImage;

/**
 * The SHA-256 of a decoded picture's size and RGB pixels: equal for every file that decodes to the same pixels
 * (the same bytes, or the same picture re-saved losslessly as PNG or BMP), whatever its metadata.
 *
 * @param hex the digest, 64 lower-case hex digits
 */
public record PixelDigest(String hex) {

    /**
     * @param image a decoded picture
     * @return its digest
     */
    public static PixelDigest of(RgbImage image) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(8).putInt(image.width()).putInt(image.height()).array());
            sha.update(image.rgb());
            return new PixelDigest(HexFormat.of().formatHex(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}

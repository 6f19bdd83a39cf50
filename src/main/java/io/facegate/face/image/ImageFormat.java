package io.facegate.face.image;

import java.nio.charset.StandardCharsets;

/**
 * The upload formats {@link ImageDecoder} reads, recognised by their signature bytes (never by file name or
 * declared content type).
 */
public enum ImageFormat {
    /** JPEG ({@code FF D8 FF}): baseline, progressive, grayscale, CMYK and YCCK. */
    JPEG("jpeg"),
    /** PNG ({@code 89 'PNG' 0D 0A 1A 0A}): 1–16 bit, grayscale, palette, with or without alpha. */
    PNG("png"),
    /** WebP ({@code 'RIFF' size 'WEBP'}): lossy, lossless, extended (first frame). */
    WEBP("webp"),
    /** BMP ({@code 'BM'}). */
    BMP("bmp"),
    /** GIF ({@code 'GIF87a'} / {@code 'GIF89a'}): first frame. */
    GIF("gif");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** @return the format name ImageIO knows the reader by */
    public String imageIoName() {
        return imageIoName;
    }

    /**
     * @param data file contents (at least 1 byte)
     * @return the format
     * @throws ImageRejectedException {@code UNSUPPORTED_FORMAT} if the signature is not one of ours
     */
    public static ImageFormat sniff(byte[] data) {
        if (startsWith(data, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return JPEG;
        }
        if (startsWith(data, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return PNG;
        }
        if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
            return WEBP;
        }
        if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
            return GIF;
        }
        if (startsWith(data, 0, ascii("BM")) && data.length >= 26) {
            return BMP;
        }
        throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED_FORMAT, unsupportedMessage(data));
    }

    private static String unsupportedMessage(byte[] data) {
        String known = "Please upload a JPEG, PNG, WebP, BMP or GIF image.";
        if (startsWith(data, 4, ascii("ftyp"))) {
            return "HEIC/AVIF images are not supported. Please upload a JPEG, PNG, WebP, BMP or GIF image (on a"
                    + " phone, set the camera to 'Most Compatible' or export the photo as JPEG).";
        }
        if (startsWith(data, 0, ascii("II*\0")) || startsWith(data, 0, ascii("MM\0*"))) {
            return "TIFF images are not supported. " + known;
        }
        if (startsWith(data, 0, ascii("%PDF"))) {
            return "This is a PDF document, not an image. " + known;
        }
        return "This file is not an image in a supported format. " + known;
    }

    /**
     * Width and height declared by a PNG's IHDR chunk, read without a codec.
     *
     * @param data PNG file contents
     * @return {@code {width, height}} in px, or {@code null} if the header is shorter than IHDR
     */
    static long[] pngDimensions(byte[] data) {
        if (data.length < 24 || !startsWith(data, 12, ascii("IHDR"))) {
            return null;
        }
        return new long[] {readIntBe(data, 16) & 0xFFFFFFFFL, readIntBe(data, 20) & 0xFFFFFFFFL};
    }

    static int readIntBe(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    static int readIntLe(byte[] b, int off) {
        return (b[off + 3] & 0xFF) << 24 | (b[off + 2] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | (b[off] & 0xFF);
    }

    static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

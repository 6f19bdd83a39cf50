package io.facegate.face.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Keeps only the chunks a PNG's pixels are made of before the codec sees it. The JDK's PNG reader inflates every
 * compressed text and profile chunk ({@code zTXt}, {@code iTXt}, {@code iCCP}) into memory while it reads the
 * header, whatever the image's size: a README-only tester's 1.9 MB 640×480 PNG carrying a {@code zTXt} chunk that
 * inflates to 1.9 GB took the server from 0.7 to 5.4 GB and 17.8 s of CPU on any face endpoint. Pixels need only
 * {@code IHDR}, {@code PLTE}, {@code tRNS}, {@code IDAT} and {@code IEND} (PNG specification, section 5.6; the
 * JDK's reader does not apply {@code gAMA}, {@code cHRM}, {@code sRGB} or {@code iCCP} to the pixels it returns),
 * and {@code eXIf} (uncompressed, so no larger than the file) carries the orientation {@link ExifOrientationReader}
 * applies; the others are left out: the decoded image is the same.
 */
final class PngChunks {

    /** The chunks kept, by type: the pixels' and {@code eXIf} (uncompressed; its orientation is applied). */
    private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "tRNS", "IDAT", "IEND", "eXIf");

    /** The 8-byte PNG signature. */
    private static final int SIGNATURE = 8;

    private PngChunks() {
    }

    /**
     * @param png a file that starts with the PNG signature
     * @return the file with only {@code IHDR}, {@code PLTE}, {@code tRNS}, {@code IDAT}, {@code IEND} and {@code eXIf}
     *         chunks, each
     *         with its length, type, data and CRC as they were, in their order; the input itself when it has no other
     *         chunk. A chunk whose length runs past the end ends the list: what comes before it is kept as above,
     *         and the codec refuses the truncated file as it refused the whole one.
     */
    static byte[] essential(byte[] png) {
        ByteArrayOutputStream out = null;
        int at = SIGNATURE;
        while (at + 12 <= png.length) {
            long length = ImageFormat.readIntBe(png, at) & 0xFFFFFFFFL;
            long end = at + 12 + length;
            if (end > png.length) {
                return out == null ? png : out.toByteArray();
            }
            String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
            boolean kept = KEPT.contains(type);
            if (!kept && out == null) {
                out = new ByteArrayOutputStream(png.length);
                out.write(png, 0, at);
            } else if (kept && out != null) {
                out.write(png, at, (int) (end - at));
            }
            at = (int) end;
            if (type.equals("IEND")) {
                break;
            }
        }
        return out == null ? png : out.toByteArray();
    }
}

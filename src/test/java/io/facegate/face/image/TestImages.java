package io.facegate.face.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds synthetic test images in memory (no files, no photos). */
final class TestImages {

    static final Color RED = new Color(255, 0, 0);
    static final Color GREEN = new Color(0, 255, 0);
    static final Color BLUE = new Color(0, 0, 255);
    static final Color WHITE = new Color(255, 255, 255);

    private TestImages() {
    }

    /** A w×h RGB image with four flat quadrants: top-left red, top-right green, bottom-left blue, bottom-right white. */
    static BufferedImage quadrants(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(RED);
        g.fillRect(0, 0, w / 2, h / 2);
        g.setColor(GREEN);
        g.fillRect(w / 2, 0, w - w / 2, h / 2);
        g.setColor(BLUE);
        g.fillRect(0, h / 2, w / 2, h - h / 2);
        g.setColor(WHITE);
        g.fillRect(w / 2, h / 2, w - w / 2, h - h / 2);
        g.dispose();
        return image;
    }

    static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts a segment right after the JPEG's SOI and APP0 (JFIF) segment, if any. */
    static byte[] insertJpegSegment(byte[] jpeg, byte[] segment) {
        int pos = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            pos = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, pos);
        System.arraycopy(segment, 0, out, pos, segment.length);
        System.arraycopy(jpeg, pos, out, pos + segment.length, jpeg.length - pos);
        return out;
    }

    /**
     * An APP1 "Exif" segment whose TIFF block (big-endian) holds one IFD0 entry: Orientation (0x0112, SHORT)
     * = {@code orientation}.
     */
    static byte[] exifApp1(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array());
        ByteBuffer seg = ByteBuffer.allocate(4 + payload.length);
        seg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + payload.length)).put(payload);
        return seg.array();
    }

    /** A JPEG of {@code image} carrying EXIF orientation {@code orientation}. */
    static byte[] jpegWithOrientation(BufferedImage image, int orientation) {
        return insertJpegSegment(write(image, "jpg"), exifApp1(orientation));
    }

    /**
     * A CMYK JPEG: a 4-channel raster written by ImageIO, plus an Adobe APP14 segment with transform 0 (no
     * colour transform) that tells readers the channels are CMYK. Adobe's convention stores inverted values
     * (255 = no ink), which this method applies.
     *
     * @param inkLeft  CMYK ink (0–255) of the left half
     * @param inkRight CMYK ink of the right half
     */
    static byte[] cmykJpeg(int w, int h, int[] inkLeft, int[] inkRight) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] ink = x < w / 2 ? inkLeft : inkRight;
                for (int c = 0; c < 4; c++) {
                    raster.setSample(x, y, c, 255 - ink[c]);
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        return insertJpegSegment(bytes.toByteArray(), adobe);
    }

    /** A PNG made only of a signature, an IHDR declaring w×h (8-bit RGB) and IEND: no pixel data at all. */
    static byte[] pngHeaderOnly(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                pngChunk("IHDR", ihdr.array()), pngChunk("IEND", new byte[0]));
    }

    static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /**
     * A lossless WebP (VP8L, RIFF container) written bit by bit following the WebP Lossless Bitstream
     * Specification: no transform, no colour cache, no meta prefix codes, and five "simple" prefix codes. Green
     * has two 1-bit symbols ({@code green0} for code 0, {@code green1} for code 1, green0 &lt; green1), red, blue
     * and alpha one 0-bit symbol each, so each pixel costs one bit: pixel (x,y) gets green1 when
     * {@code pattern[y][x]} is true.
     */
    static byte[] losslessWebp(boolean[][] pattern, int red, int green0, int green1, int blue) {
        int h = pattern.length;
        int w = pattern[0].length;
        BitWriter bits = new BitWriter();
        bits.write(0x2F, 8);
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        bits.write(0, 1); // alpha_is_used
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        // green: simple code, 2 symbols, first symbol 8 bits wide
        bits.write(1, 1);
        bits.write(1, 1);
        bits.write(1, 1);
        bits.write(green0, 8);
        bits.write(green1, 8);
        for (int value : new int[] {red, blue, 255}) { // red, blue, alpha: one symbol each
            bits.write(1, 1);
            bits.write(0, 1);
            bits.write(1, 1);
            bits.write(value, 8);
        }
        bits.write(1, 1); // distance: one symbol (0), 1-bit wide
        bits.write(0, 1);
        bits.write(0, 1);
        bits.write(0, 1);
        for (boolean[] row : pattern) {
            for (boolean on : row) {
                bits.write(on ? 1 : 0, 1);
            }
        }
        return riff(riffChunk("VP8L", bits.toBytes()));
    }

    /**
     * The same image in the extended format: a VP8X chunk (flag EXIF = 0x08, canvas size), the VP8L chunk, then
     * an EXIF chunk holding {@code tiff} (a TIFF header and IFD0).
     */
    static byte[] losslessWebpWithExif(boolean[][] pattern, int red, int green0, int green1, int blue, byte[] tiff) {
        byte[] simple = losslessWebp(pattern, red, green0, green1, blue);
        byte[] vp8lChunk = Arrays.copyOfRange(simple, 12, simple.length);
        int w = pattern[0].length;
        int h = pattern.length;
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) 0x08).put((byte) 0).put((byte) 0).put((byte) 0);
        vp8x.put((byte) (w - 1)).put((byte) ((w - 1) >> 8)).put((byte) ((w - 1) >> 16));
        vp8x.put((byte) (h - 1)).put((byte) ((h - 1) >> 8)).put((byte) ((h - 1) >> 16));
        return riff(concat(riffChunk("VP8X", vp8x.array()), vp8lChunk, riffChunk("EXIF", tiff)));
    }

    private static byte[] riffChunk(String fourCc, byte[] data) {
        int padded = data.length + (data.length & 1);
        return ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN)
                .put(fourCc.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data).array();
    }

    private static byte[] riff(byte[] chunks) {
        return ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks).array();
    }

    /** The TIFF block (no "Exif" prefix) of {@link #exifApp1}. */
    static byte[] exifTiff(int orientation) {
        byte[] app1 = exifApp1(orientation);
        return Arrays.copyOfRange(app1, 4 + 6, app1.length);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Least-significant-bit-first bit writer, as VP8L reads. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int count;

        void write(int value, int n) {
            acc |= (long) (value & ((1 << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                out.write((int) (acc & 0xFF));
                acc >>>= 8;
                count -= 8;
            }
        }

        byte[] toBytes() {
            if (count > 0) {
                out.write((int) (acc & 0xFF));
                acc = 0;
                count = 0;
            }
            return out.toByteArray();
        }
    }
}

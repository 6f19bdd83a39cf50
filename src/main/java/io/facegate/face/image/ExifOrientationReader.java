package io.facegate.face.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

/**
 * Finds the EXIF orientation of an image file, with TwelveMonkeys' metadata classes for the TIFF structure.
 * The EXIF block is taken from a JPEG's {@code APP1 "Exif"} segment, a PNG's {@code eXIf} chunk or a WebP's
 * {@code EXIF} chunk; BMP and GIF have none. Missing or damaged EXIF means {@link Orientation#NORMAL}: an image
 * is never refused because of its metadata.
 */
final class ExifOrientationReader {

    private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

    private ExifOrientationReader() {
    }

    /**
     * @param format the file's format
     * @param data   the whole file
     * @return the orientation to apply
     */
    static Orientation read(ImageFormat format, byte[] data) {
        try {
            byte[] tiff = switch (format) {
                case JPEG -> jpegExif(data);
                case PNG -> pngExif(data);
                case WEBP -> webpExif(data);
                case BMP, GIF -> null;
            };
            return tiff == null ? Orientation.NORMAL : Orientation.fromExif(orientationTag(tiff));
        } catch (IOException | RuntimeException e) {
            return Orientation.NORMAL;
        }
    }

    private static int orientationTag(byte[] tiff) throws IOException {
        if (ImageFormat.startsWith(tiff, 0, EXIF_HEADER)) {
            tiff = Arrays.copyOfRange(tiff, EXIF_HEADER.length, tiff.length);
        }
        Directory ifd0 = new TIFFReader().read(new ByteArrayImageInputStream(tiff));
        Entry entry = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
        if (entry == null || !(entry.getValue() instanceof Number n)) {
            return 1;
        }
        return n.intValue();
    }

    private static byte[] jpegExif(byte[] data) throws IOException {
        List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(new ByteArrayImageInputStream(data), JPEG.APP1, "Exif");
        if (segments.isEmpty()) {
            return null;
        }
        try (InputStream in = segments.get(0).data()) {
            byte[] payload = in.readAllBytes();
            // After the "Exif\0" identifier comes one pad byte before the TIFF header.
            int start = payload.length > 0 && payload[0] == 0 ? 1 : 0;
            return Arrays.copyOfRange(payload, start, payload.length);
        }
    }

    /** Walks the chunk headers (cheap jumps); eXIf may sit before or after the IDAT chunks. */
    private static byte[] pngExif(byte[] data) {
        int pos = 8;
        while (pos + 8 <= data.length) {
            int length = ImageFormat.readIntBe(data, pos);
            if (length < 0 || pos + 12L + length > data.length) {
                return null;
            }
            if (ImageFormat.startsWith(data, pos + 4, ImageFormat.ascii("eXIf"))) {
                return Arrays.copyOfRange(data, pos + 8, pos + 8 + length);
            }
            pos += 12 + length;
        }
        return null;
    }

    private static byte[] webpExif(byte[] data) {
        int pos = 12;
        while (pos + 8 <= data.length) {
            int size = ImageFormat.readIntLe(data, pos + 4);
            if (size < 0 || pos + 8L + size > data.length) {
                return null;
            }
            if (ImageFormat.startsWith(data, pos, ImageFormat.ascii("EXIF"))) {
                return Arrays.copyOfRange(data, pos + 8, pos + 8 + size);
            }
            pos += 8 + size + (size & 1);
        }
        return null;
    }
}

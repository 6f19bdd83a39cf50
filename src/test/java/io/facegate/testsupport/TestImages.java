package io.facegate.testsupport;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import io.facegate.face.image.RgbImage;

/** Test helpers to turn files and {@link BufferedImage}s into {@link RgbImage}s and back. */
public final class TestImages {

    private TestImages() {
    }

    /** @return the image file decoded with javax.imageio as RGB (use PNGs for exact pixels) */
    public static RgbImage read(Path file) {
        return of(readBuffered(file));
    }

    /** @return the image file decoded with javax.imageio */
    public static BufferedImage readBuffered(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IllegalArgumentException("Not an image: " + file);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the whole image as RGB */
    public static RgbImage of(BufferedImage img) {
        return crop(img, 0, 0, img.getWidth(), img.getHeight());
    }

    /**
     * A region of an image as RGB, the values {@link BufferedImage#getRGB} gives. The usual types are read from
     * the raster, row by row, without {@code getRGB}'s colour model call per pixel (several times faster, the
     * same bytes: {@code TestImagesTest}): {@code TYPE_INT_RGB} and {@code TYPE_INT_ARGB} (packed
     * {@code 0x(AA)RRGGBB}, the alpha not kept), and sRGB {@code TYPE_3BYTE_BGR} (ImageIO's JPEG decoding), whose
     * raster hands out each pixel's samples in band order, R, G, B.
     *
     * @return a region of an image as RGB, size in px
     */
    public static RgbImage crop(BufferedImage img, int x0, int y0, int width, int height) {
        int type = img.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
            return packed(img, x0, y0, width, height);
        }
        if (type == BufferedImage.TYPE_3BYTE_BGR && img.getColorModel().getColorSpace().isCS_sRGB()) {
            byte[] rgb = new byte[width * height * 3];
            byte[] row = new byte[width * 3];
            for (int y = 0; y < height; y++) {
                img.getRaster().getDataElements(x0, y0 + y, width, 1, row);
                System.arraycopy(row, 0, rgb, y * width * 3, width * 3);
            }
            return new RgbImage(width, height, rgb);
        }
        return viaGetRgb(img, x0, y0, width, height);
    }

    private static RgbImage packed(BufferedImage img, int x0, int y0, int width, int height) {
        return fromRows(width, height, (y, row) -> img.getRaster().getDataElements(x0, y0 + y, width, 1, row));
    }

    /** @return as {@link #crop(BufferedImage, int, int, int, int)}, through {@code getRGB} whatever the type */
    static RgbImage viaGetRgb(BufferedImage img, int x0, int y0, int width, int height) {
        return fromRows(width, height, (y, row) -> img.getRGB(x0, y0 + y, width, 1, row, 0, width));
    }

    /** Fills {@code row} with row {@code y}'s packed 0xRRGGBB pixels. */
    private interface RowReader {
        void read(int y, int[] row);
    }

    private static RgbImage fromRows(int width, int height, RowReader reader) {
        byte[] rgb = new byte[width * height * 3];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            reader.read(y, row);
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                rgb[i] = (byte) (row[x] >> 16);
                rgb[i + 1] = (byte) (row[x] >> 8);
                rgb[i + 2] = (byte) row[x];
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** @return a region of an RGB image, size in px */
    public static RgbImage crop(RgbImage img, int x0, int y0, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(img.rgb(), ((y0 + y) * img.width() + x0) * 3, rgb, y * width * 3, width * 3);
        }
        return new RgbImage(width, height, rgb);
    }

    /** @return the RGB image as a {@link BufferedImage} of type {@code TYPE_INT_RGB} */
    public static BufferedImage toBuffered(RgbImage img) {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                out.setRGB(x, y, img.value(x, y, 0) << 16 | img.value(x, y, 1) << 8 | img.value(x, y, 2));
            }
        }
        return out;
    }
}

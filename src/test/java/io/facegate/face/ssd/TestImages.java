package io.facegate.face.ssd;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import io.facegate.face.image.RgbImage;

/** Test helper: decodes image files into {@link RgbImage}s with javax.imageio. */
final class TestImages {

    private TestImages() {
    }

    /** @return the decoded image (PNG: exactly the pixels face-api.js saw) */
    static RgbImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("Not an image ImageIO can read: " + file);
        }
        return of(img);
    }

    /** @return the RGB pixels of a (region of a) buffered image */
    static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** @return a crop of an image, in px */
    static RgbImage crop(RgbImage image, int x0, int y0, int width, int height) {
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.rgb(), ((y0 + y) * image.width() + x0) * 3, out, y * width * 3, width * 3);
        }
        return new RgbImage(width, height, out);
    }
}

package io.facegate.testsupport;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes frames as a YUV4MPEG2 file (4:2:0, BT.601 limited range), the format Chromium's fake camera reads with
 * {@code --use-file-for-fake-video-capture}. Chromium accepts only 4:2:0 and loops the file.
 */
public final class Y4mWriter {

    private Y4mWriter() {
    }

    /**
     * @param frames frames of equal, even width and height (px)
     * @param fps    frame rate written in the header
     * @param file   output file
     * @throws IOException              if the file cannot be written
     * @throws IllegalArgumentException if the frames are empty, odd-sized or of different sizes
     */
    public static void write(List<BufferedImage> frames, int fps, Path file) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("No frames");
        }
        int w = frames.get(0).getWidth();
        int h = frames.get(0).getHeight();
        if (w % 2 != 0 || h % 2 != 0) {
            throw new IllegalArgumentException("Y4M 4:2:0 needs even dimensions, got " + w + "x" + h);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F" + fps + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (BufferedImage frame : frames) {
                if (frame.getWidth() != w || frame.getHeight() != h) {
                    throw new IllegalArgumentException("All frames must be " + w + "x" + h);
                }
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                writeFrame(frame, out);
            }
        }
    }

    private static void writeFrame(BufferedImage img, OutputStream out) throws IOException {
        int w = img.getWidth();
        int h = img.getHeight();
        // A TYPE_INT_RGB frame (FaceSamples.stillCamera's) is read from its raster: the same 0xRRGGBB values
        // getRGB gives (less the alpha byte, unused here), without getRGB's conversion per pixel.
        int[] argb = img.getType() == BufferedImage.TYPE_INT_RGB ? FaceSamples.pixels(img)
                : img.getRGB(0, 0, w, h, null, 0, w);
        byte[] y = new byte[w * h];
        byte[] u = new byte[(w / 2) * (h / 2)];
        byte[] v = new byte[(w / 2) * (h / 2)];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            y[i] = (byte) clamp(Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b));
        }
        for (int cy = 0; cy < h / 2; cy++) {
            for (int cx = 0; cx < w / 2; cx++) {
                double r = 0, g = 0, b = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int p = argb[(cy * 2 + dy) * w + cx * 2 + dx];
                        r += (p >> 16) & 0xFF;
                        g += (p >> 8) & 0xFF;
                        b += p & 0xFF;
                    }
                }
                r /= 4;
                g /= 4;
                b /= 4;
                int idx = cy * (w / 2) + cx;
                u[idx] = (byte) clamp(Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b));
                v[idx] = (byte) clamp(Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b));
            }
        }
        out.write(y);
        out.write(u);
        out.write(v);
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}

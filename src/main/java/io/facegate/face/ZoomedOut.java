package io.facegate.face;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.facegate.face.image.RgbImage;

/**
 * A picture drawn smaller inside a larger uniform canvas, for the detectors' last fallback: both face-api.js
 * detectors miss faces that fill most of the frame (a face 170 px wide in a 250 px photo, a user very close to the
 * camera), because their training faces were smaller relative to the picture. Surrounding the picture with a
 * border makes every face relatively smaller, without any assumption about where the face is: the whole picture
 * stays in view, and boxes found on the canvas are mapped back.
 *
 * @param canvas the picture inside its border
 * @param left   canvas px left of the picture
 * @param top    canvas px above the picture
 * @param scale  canvas px per picture px (1, or less for pictures larger than {@link #MAX_CANVAS_SIDE} allows)
 */
record ZoomedOut(RgbImage canvas, int left, int top, double scale) {

    /** Grey level of the border (mid-grey: neither a dark nor a bright edge next to the picture). */
    static final int BORDER_GREY = 128;

    /**
     * Longest canvas side, px. The detectors resize their input to at most 608 px anyway; the cap keeps the canvas
     * of a 40-megapixel upload from taking gigabytes.
     */
    static final int MAX_CANVAS_SIDE = 1280;

    /**
     * @param picture the picture
     * @param factor  canvas side ÷ picture side (e.g. 2: the picture fills the middle half of each dimension);
     *                at least 1
     * @return the canvas
     * @throws IllegalArgumentException if {@code factor < 1}
     */
    static ZoomedOut of(RgbImage picture, double factor) {
        return of(picture, factor, MAX_CANVAS_SIDE);
    }

    /**
     * As {@link #of(RgbImage, double)} with another cap on the canvas side (the tracked frames' guard look,
     * {@link FaceEngine#GUARD_INPUT_SIZE}: a canvas no larger than the detector's input, so that it is not resized
     * again).
     *
     * @param picture       the picture
     * @param factor        canvas side ÷ picture side, at least 1
     * @param maxCanvasSide longest canvas side, px (≥ 2)
     * @return the canvas
     * @throws IllegalArgumentException if {@code factor < 1}
     */
    static ZoomedOut of(RgbImage picture, double factor, int maxCanvasSide) {
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("factor must be at least 1, got " + factor);
        }
        int longest = Math.max(picture.width(), picture.height());
        double scale = Math.min(1.0, maxCanvasSide / (factor * longest));
        int pw = Math.max(1, (int) Math.round(picture.width() * scale));
        int ph = Math.max(1, (int) Math.round(picture.height() * scale));
        int w = (int) Math.ceil(pw * factor);
        int h = (int) Math.ceil(ph * factor);
        int left = (w - pw) / 2;
        int top = (h - ph) / 2;
        byte[] out = new byte[w * h * 3];
        Arrays.fill(out, (byte) BORDER_GREY);
        if (scale == 1.0) {
            int row = pw * 3;
            for (int y = 0; y < ph; y++) {
                System.arraycopy(picture.rgb(), y * row, out, ((top + y) * w + left) * 3, row);
            }
        } else {
            drawShrunk(picture, out, w, left, top, pw, ph);
        }
        return new ZoomedOut(new RgbImage(w, h, out), left, top, (double) pw / picture.width());
    }

    /** Box-filters the picture into a pw×ph area of the canvas (each canvas px: the mean of the px it covers). */
    private static void drawShrunk(RgbImage picture, byte[] out, int canvasWidth, int left, int top, int pw, int ph) {
        byte[] src = picture.rgb();
        int sw = picture.width();
        int sh = picture.height();
        for (int y = 0; y < ph; y++) {
            int y0 = (int) ((long) y * sh / ph);
            int y1 = Math.max(y0 + 1, (int) ((long) (y + 1) * sh / ph));
            for (int x = 0; x < pw; x++) {
                int x0 = (int) ((long) x * sw / pw);
                int x1 = Math.max(x0 + 1, (int) ((long) (x + 1) * sw / pw));
                int r = 0;
                int g = 0;
                int b = 0;
                for (int sy = y0; sy < y1; sy++) {
                    int p = (sy * sw + x0) * 3;
                    for (int sx = x0; sx < x1; sx++, p += 3) {
                        r += src[p] & 0xFF;
                        g += src[p + 1] & 0xFF;
                        b += src[p + 2] & 0xFF;
                    }
                }
                int n = (y1 - y0) * (x1 - x0);
                int o = ((top + y) * canvasWidth + left + x) * 3;
                out[o] = (byte) ((r + n / 2) / n);
                out[o + 1] = (byte) ((g + n / 2) / n);
                out[o + 2] = (byte) ((b + n / 2) / n);
            }
        }
    }

    /**
     * @param found detections on the canvas
     * @return the same detections in the picture's px (boxes may hang past its border, as detector boxes can)
     */
    List<Detection> toPicture(List<Detection> found) {
        List<Detection> mapped = new ArrayList<>(found.size());
        for (Detection d : found) {
            Box b = d.box();
            mapped.add(new Detection(new Box((b.x() - left) / scale, (b.y() - top) / scale, b.width() / scale,
                    b.height() / scale), d.score()));
        }
        return mapped;
    }
}

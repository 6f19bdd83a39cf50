package io.facegate.face.image;

import java.util.Arrays;

/**
 * Turns (a region of) an image into a network input the way face-api.js does ({@code NetInput.toBatchTensor}
 * and {@code padToSquare} in its {@code src/}): the region is padded with zeros to a square, resized with TF's
 * legacy {@code resize_bilinear} (no align-corners, no half-pixel centres) to {@code size×size}, then a
 * per-channel mean is subtracted and the result divided by a constant (255 for every face-api.js net).
 *
 * <p>Padding: with {@code centre = false} all of it goes after the image (bottom or right, as TinyFaceDetector
 * does); with {@code centre = true} {@code round(diff/2)} goes after and the rest before.
 */
public final class NetInput {

    private NetInput() {
    }

    /** A rectangle of whole pixels inside an image. */
    public record Region(int x, int y, int width, int height) {
        /** @return the whole image */
        public static Region of(RgbImage image) {
            return new Region(0, 0, image.width(), image.height());
        }
    }

    /** Where the region landed inside the padded square, in px of the region. */
    public record Padding(int size, int left, int top) {
    }

    /**
     * @param image   source image
     * @param region  region to use, inside the image
     * @param centre  whether padding is split around the region (else all after it)
     * @return the square side and the offsets of the region inside it
     */
    public static Padding padding(RgbImage image, Region region, boolean centre) {
        int w = region.width();
        int h = region.height();
        int size = Math.max(w, h);
        int diff = Math.abs(h - w);
        int before = centre ? diff - (int) Math.round(diff * 0.5) : 0;
        return h > w ? new Padding(size, before, 0) : new Padding(size, 0, before);
    }

    /**
     * Builds the NCHW input {@code float[1·3·size·size]}.
     *
     * @param image   source image
     * @param region  region to use, inside the image
     * @param centre  padding split around the region ({@code true}) or all after it
     * @param size    network input side in px, e.g. 416, 112 or 150
     * @param meanRgb per-channel mean subtracted, in 0–255 units
     * @param divisor divisor applied after the mean (255 for face-api.js nets)
     * @return the input tensor data in NCHW order
     * @throws IllegalArgumentException if the region is empty or outside the image
     */
    public static float[] toNchw(RgbImage image, Region region, boolean centre, int size, float[] meanRgb,
                                 float divisor) {
        if (region.width() < 1 || region.height() < 1 || region.x() < 0 || region.y() < 0
                || region.x() + region.width() > image.width() || region.y() + region.height() > image.height()) {
            throw new IllegalArgumentException("Region " + region + " is empty or outside the "
                    + image.width() + "x" + image.height() + " image");
        }
        return resize(image, region, centre, size, meanRgb, divisor);
    }

    /**
     * Like {@link #toNchw} with centred padding, for a region that may hang past the image's borders: the part
     * outside the image is black (0 before the mean), as face-api.js's padding is, instead of being cut off. The
     * face then keeps its place and scale in the network input whatever the border does.
     *
     * @param image   source image
     * @param region  region to use; it must overlap the image
     * @param size    network input side in px
     * @param meanRgb per-channel mean subtracted, in 0–255 units
     * @param divisor divisor applied after the mean
     * @return the input tensor data in NCHW order, {@code float[3·size·size]}
     * @throws IllegalArgumentException if the region is empty or does not overlap the image
     */
    public static float[] toNchwBeyondBorders(RgbImage image, Region region, int size, float[] meanRgb,
                                              float divisor) {
        if (region.width() < 1 || region.height() < 1 || region.x() >= image.width() || region.y() >= image.height()
                || region.x() + region.width() <= 0 || region.y() + region.height() <= 0) {
            throw new IllegalArgumentException("Region " + region + " is empty or does not overlap the "
                    + image.width() + "x" + image.height() + " image");
        }
        return resize(image, region, true, size, meanRgb, divisor);
    }

    private static float[] resize(RgbImage image, Region region, boolean centre, int size, float[] meanRgb,
                                  float divisor) {
        Padding pad = padding(image, region, centre);
        int square = pad.size();
        float scale = (float) square / size;
        int plane = size * size;
        float[] out = new float[3 * plane];
        // Per output column: byte offsets (within a row) of the two source pixels, -1 where the padded square
        // has padding (value 0), and the weight of the second. Per output row: the same for rows.
        int[] col0 = new int[size];
        int[] col1 = new int[size];
        float[] dxs = new float[size];
        int[] row0 = new int[size];
        int[] row1 = new int[size];
        float[] dys = new float[size];
        int stride = image.width() * 3;
        for (int i = 0; i < size; i++) {
            float src = i * scale;
            int lo = (int) Math.floor(src);
            int hi = Math.min(lo + 1, square - 1);
            float d = src - lo;
            col0[i] = columnOffset(lo, pad.left(), region, image.width());
            col1[i] = columnOffset(hi, pad.left(), region, image.width());
            dxs[i] = d;
            row0[i] = rowOffset(lo, pad.top(), region, stride, image.height());
            row1[i] = rowOffset(hi, pad.top(), region, stride, image.height());
            dys[i] = d;
        }
        byte[] rgb = image.rgb();
        float mean0 = meanRgb[0];
        float mean1 = meanRgb[1];
        float mean2 = meanRgb[2];
        if (square == size) {
            // No resize (the tracked frames' guard look: a canvas already of the input's size): every weight is 0,
            // and v + (w - v) * 0 is v, so each value is its pixel's, exactly as the interpolation below gives it.
            copy(rgb, col0, row0, size, out, mean0, mean1, mean2, divisor);
            return out;
        }
        // Separable, with the same float operations in the same order as interpolating each value from its four
        // neighbours (top = tl + (tr − tl)·dx, bottom likewise, top + (bottom − top)·dy; padding 0): each source row
        // the output needs is interpolated across once (kept while the next output row still uses it), then each
        // output row is one pass down two such rows.
        Rows rows = new Rows(rgb, col0, col1, dxs, size);
        float[] means = {mean0, mean1, mean2};
        for (int oy = 0; oy < size; oy++) {
            if (row0[oy] < 0 && row1[oy] < 0) { // a row of padding: 0 + (0 − 0)·dy is 0
                int o = oy * size;
                Arrays.fill(out, o, o + size, (0f - mean0) / divisor);
                Arrays.fill(out, plane + o, plane + o + size, (0f - mean1) / divisor);
                Arrays.fill(out, 2 * plane + o, 2 * plane + o + size, (0f - mean2) / divisor);
                continue;
            }
            float[] top = rows.row(row0[oy], row1[oy]);
            float[] bottom = rows.row(row1[oy], row0[oy]);
            float dy = dys[oy];
            for (int c = 0; c < 3; c++) {
                int o = c * plane + oy * size;
                int h = c * size;
                float mean = means[c];
                for (int ox = 0; ox < size; ox++) {
                    float t = top[h + ox];
                    out[o + ox] = (t + (bottom[h + ox] - t) * dy - mean) / divisor;
                }
            }
        }
        return out;
    }

    /**
     * Source rows interpolated across to the output's columns, {@code float[3·size]} (channel by channel), for
     * {@link #resize}: the last three made are kept; a row of padding (offset −1) is zeros.
     */
    private static final class Rows {
        private final byte[] rgb;
        private final int[] col0;
        private final int[] col1;
        private final float[] dxs;
        private final int size;
        private final int[] keys = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
        private final float[][] values;
        private int next;

        Rows(byte[] rgb, int[] col0, int[] col1, float[] dxs, int size) {
            this.rgb = rgb;
            this.col0 = col0;
            this.col1 = col1;
            this.dxs = dxs;
            this.size = size;
            this.values = new float[3][3 * size];
        }

        /**
         * @param offset the source row's byte offset, or −1 for padding
         * @param keep   the other row the caller needs now (not overwritten)
         * @return the row interpolated across
         */
        float[] row(int offset, int keep) {
            for (int i = 0; i < 3; i++) {
                if (keys[i] == offset) {
                    return values[i];
                }
            }
            while (keys[next] == keep) {
                next = (next + 1) % 3;
            }
            int slot = next;
            next = (next + 1) % 3;
            float[] v = values[slot];
            keys[slot] = offset;
            if (offset < 0) {
                Arrays.fill(v, 0f); // 0 + (0 − 0)·dx
                return v;
            }
            for (int ox = 0; ox < size; ox++) {
                int c0 = col0[ox];
                int c1 = col1[ox];
                float dx = dxs[ox];
                if (c0 >= 0 && c1 >= 0) {
                    int l = offset + c0;
                    int r = offset + c1;
                    float l0 = rgb[l] & 0xFF;
                    float l1 = rgb[l + 1] & 0xFF;
                    float l2 = rgb[l + 2] & 0xFF;
                    v[ox] = l0 + ((rgb[r] & 0xFF) - l0) * dx;
                    v[size + ox] = l1 + ((rgb[r + 1] & 0xFF) - l1) * dx;
                    v[2 * size + ox] = l2 + ((rgb[r + 2] & 0xFF) - l2) * dx;
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    float vl = offset < 0 || c0 < 0 ? 0f : rgb[offset + c0 + c] & 0xFF;
                    float vr = offset < 0 || c1 < 0 ? 0f : rgb[offset + c1 + c] & 0xFF;
                    v[c * size + ox] = vl + (vr - vl) * dx;
                }
            }
            return v;
        }
    }

    /** The input when the padded square is the input's size: each value its pixel's (0 in the padding). */
    private static void copy(byte[] rgb, int[] col, int[] row, int size, float[] out, float mean0, float mean1,
                             float mean2, float divisor) {
        int plane = size * size;
        for (int oy = 0; oy < size; oy++) {
            int r = row[oy];
            int o = oy * size;
            for (int ox = 0; ox < size; ox++, o++) {
                int c = col[ox];
                int p = r < 0 || c < 0 ? -1 : r + c;
                float v0 = p < 0 ? 0f : rgb[p] & 0xFF;
                float v1 = p < 0 ? 0f : rgb[p + 1] & 0xFF;
                float v2 = p < 0 ? 0f : rgb[p + 2] & 0xFF;
                out[o] = (v0 - mean0) / divisor;
                out[plane + o] = (v1 - mean1) / divisor;
                out[2 * plane + o] = (v2 - mean2) / divisor;
            }
        }
    }

    /** @return byte offset within an image row of padded-square column px, or -1 if padding or outside the image */
    private static int columnOffset(int px, int padLeft, Region region, int imageWidth) {
        int x = px - padLeft;
        int ix = region.x() + x;
        return x < 0 || x >= region.width() || ix < 0 || ix >= imageWidth ? -1 : ix * 3;
    }

    /** @return byte offset of the start of padded-square row py, or -1 if padding or outside the image */
    private static int rowOffset(int py, int padTop, Region region, int stride, int imageHeight) {
        int y = py - padTop;
        int iy = region.y() + y;
        return y < 0 || y >= region.height() || iy < 0 || iy >= imageHeight ? -1 : iy * stride;
    }

    /**
     * @param nchw a square network input, NCHW {@code [1,3,size,size]}
     * @param size its side, px
     * @return a new array: the input mirrored left to right
     * @throws IllegalArgumentException if the array is not {@code 3·size·size} long
     */
    public static float[] mirrored(float[] nchw, int size) {
        if (nchw.length != 3 * size * size) {
            throw new IllegalArgumentException("Expected " + 3 * size * size + " values, got " + nchw.length);
        }
        float[] out = new float[nchw.length];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < size; row++) {
                int base = (c * size + row) * size;
                for (int col = 0; col < size; col++) {
                    out[base + col] = nchw[base + size - 1 - col];
                }
            }
        }
        return out;
    }
}

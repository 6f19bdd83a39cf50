package io.facegate.face.image;

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
        Padding pad = padding(image, region, centre);
        int square = pad.size();
        float scale = (float) square / size;
        int plane = size * size;
        float[] out = new float[3 * plane];
        int[] y0s = new int[size];
        int[] y1s = new int[size];
        float[] dys = new float[size];
        for (int i = 0; i < size; i++) {
            float src = i * scale;
            int lo = (int) Math.floor(src);
            y0s[i] = lo;
            y1s[i] = Math.min(lo + 1, square - 1);
            dys[i] = src - lo;
        }
        float[] top = new float[3];
        float[] bottom = new float[3];
        for (int oy = 0; oy < size; oy++) {
            for (int ox = 0; ox < size; ox++) {
                int x0 = y0s[ox];
                int x1 = y1s[ox];
                float dx = dys[ox];
                for (int c = 0; c < 3; c++) {
                    float tl = sample(image, region, pad, x0, y0s[oy], c);
                    float tr = sample(image, region, pad, x1, y0s[oy], c);
                    float bl = sample(image, region, pad, x0, y1s[oy], c);
                    float br = sample(image, region, pad, x1, y1s[oy], c);
                    top[c] = tl + (tr - tl) * dx;
                    bottom[c] = bl + (br - bl) * dx;
                }
                int o = oy * size + ox;
                for (int c = 0; c < 3; c++) {
                    float v = top[c] + (bottom[c] - top[c]) * dys[oy];
                    out[c * plane + o] = (v - meanRgb[c]) / divisor;
                }
            }
        }
        return out;
    }

    private static float sample(RgbImage image, Region region, Padding pad, int px, int py, int c) {
        int x = px - pad.left();
        int y = py - pad.top();
        if (x < 0 || y < 0 || x >= region.width() || y >= region.height()) {
            return 0f;
        }
        return image.value(region.x() + x, region.y() + y, c);
    }
}

package io.facegate.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link NetInput#toNchw} against a direct transcription of the face-api.js pre-processing (pad to square with
 * zeros, TF legacy bilinear resize, mean subtraction, division), pixel by pixel: the fast version must give the
 * same floats bit for bit, since the parity tests depend on it.
 */
class NetInputTest {

    private static final float[] MEAN = {122.782f, 117.001f, 104.298f};

    /** The definition: for every output pixel, sample the padded square at the four neighbours. */
    private static float[] reference(RgbImage image, NetInput.Region region, boolean centre, int size,
                                     float[] mean, float divisor) {
        NetInput.Padding pad = NetInput.padding(image, region, centre);
        int square = pad.size();
        float scale = (float) square / size;
        float[] out = new float[3 * size * size];
        for (int oy = 0; oy < size; oy++) {
            float sy = oy * scale;
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, square - 1);
            float dy = sy - y0;
            for (int ox = 0; ox < size; ox++) {
                float sx = ox * scale;
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, square - 1);
                float dx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    float tl = padded(image, region, pad, x0, y0, c);
                    float tr = padded(image, region, pad, x1, y0, c);
                    float bl = padded(image, region, pad, x0, y1, c);
                    float br = padded(image, region, pad, x1, y1, c);
                    float top = tl + (tr - tl) * dx;
                    float bottom = bl + (br - bl) * dx;
                    float v = top + (bottom - top) * dy;
                    out[c * size * size + oy * size + ox] = (v - mean[c]) / divisor;
                }
            }
        }
        return out;
    }

    private static float padded(RgbImage image, NetInput.Region region, NetInput.Padding pad, int px, int py, int c) {
        int x = px - pad.left();
        int y = py - pad.top();
        if (x < 0 || y < 0 || x >= region.width() || y >= region.height()) {
            return 0f;
        }
        return image.value(region.x() + x, region.y() + y, c);
    }

    private static RgbImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    @Test
    void sameFloatsAsTheDefinitionForWideTallCentredAndEndPadding() {
        RgbImage image = noise(97, 61, 7);
        NetInput.Region[] regions = {
            NetInput.Region.of(image),                 // wide: padding below
            new NetInput.Region(10, 3, 20, 50),        // tall: padding left/right
            new NetInput.Region(40, 20, 33, 33),       // square: no padding
            new NetInput.Region(96, 60, 1, 1),         // one pixel in the corner
        };
        for (NetInput.Region region : regions) {
            for (boolean centre : new boolean[] {false, true}) {
                // 33, 50, 97: the padded square's own side (no resize), for the square, tall and wide regions
                for (int size : new int[] {1, 13, 33, 50, 97, 112, 150, 416}) {
                    float[] fast = NetInput.toNchw(image, region, centre, size, MEAN, 255f);
                    float[] slow = reference(image, region, centre, size, MEAN, 255f);
                    assertThat(fast).as("%s centre=%s size=%d", region, centre, size).isEqualTo(slow);
                }
            }
        }
    }

    /** The tracked frames' guard look: a 256×140 canvas at input 256 is its pixels, less the mean, below it 0. */
    @Test
    void aPictureOfTheInputsSideIsItsPixels() {
        RgbImage canvas = noise(256, 140, 11);
        float[] out = NetInput.toNchw(canvas, NetInput.Region.of(canvas), false, 256, MEAN, 255f);
        assertThat(out).isEqualTo(reference(canvas, NetInput.Region.of(canvas), false, 256, MEAN, 255f));
        for (int c = 0; c < 3; c++) {
            assertThat(out[c * 256 * 256 + 139 * 256 + 255]).isEqualTo((canvas.value(255, 139, c) - MEAN[c]) / 255f);
            assertThat(out[c * 256 * 256 + 140 * 256]).isEqualTo((0f - MEAN[c]) / 255f);
        }
    }

    /** A 2×1 image at input 4, no mean, divisor 1: columns 0, 0.5, 1, 1.5 → 10, 15, 20, 20; rows 2–3 padding. */
    @Test
    void smallCaseByHand() {
        RgbImage image = new RgbImage(2, 1, new byte[] {10, 0, 0, 20, 0, 0});
        float[] out = NetInput.toNchw(image, NetInput.Region.of(image), false, 4, new float[3], 1f);
        assertThat(java.util.Arrays.copyOfRange(out, 0, 8)).containsExactly(10, 15, 20, 20, 5, 7.5f, 10, 10);
        assertThat(java.util.Arrays.copyOfRange(out, 8, 16)).containsOnly(0f);
    }

    @Test
    void beyondBordersIsBlackWherePastTheImageAndTheSameAsTheCropInside() {
        RgbImage image = noise(40, 30, 3);
        // A 20×20 region hanging 5 px past the left and top borders: its first 5 rows and columns are black.
        NetInput.Region region = new NetInput.Region(-5, -5, 20, 20);
        float[] out = NetInput.toNchwBeyondBorders(image, region, 20, new float[3], 1f);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                float expected = x < 5 || y < 5 ? 0f : image.value(x - 5, y - 5, 1);
                assertThat(out[400 + y * 20 + x]).as("(%d,%d)", x, y).isEqualTo(expected);
            }
        }
        // Wholly inside, it is toNchw with centred padding.
        NetInput.Region inside = new NetInput.Region(3, 4, 17, 11);
        assertThat(NetInput.toNchwBeyondBorders(image, inside, 13, MEAN, 255f))
                .isEqualTo(NetInput.toNchw(image, inside, true, 13, MEAN, 255f));
        assertThatThrownBy(() -> NetInput.toNchwBeyondBorders(image, new NetInput.Region(40, 0, 5, 5), 8, MEAN, 1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not overlap");
    }

    @Test
    void refusesARegionOutsideTheImage() {
        RgbImage image = noise(4, 4, 1);
        assertThatThrownBy(() -> NetInput.toNchw(image, new NetInput.Region(2, 2, 3, 1), false, 8, MEAN, 255f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the 4x4 image");
    }
}

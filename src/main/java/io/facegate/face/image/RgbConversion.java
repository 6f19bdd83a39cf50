package io.facegate.face.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns whatever a codec produced into 8-bit RGB, the way a browser shows it:
 * <ul>
 *   <li>grayscale value v → (v, v, v), with no gamma change (Java2D would treat gray as linear and lighten it);</li>
 *   <li>palette entries are looked up;</li>
 *   <li>16-bit (or other non-8-bit) samples are scaled to 0–255 with rounding: {@code round(v·255/max)};</li>
 *   <li>alpha is composited on white: {@code out = c·a + 255·(1 − a)}, so transparent areas become white
 *       rather than whatever colour a transparent pixel happens to store;</li>
 *   <li>any other colour space (ICC profiles, CMYK after the codec's conversion) goes through Java2D's
 *       conversion to sRGB.</li>
 * </ul>
 */
final class RgbConversion {

    private RgbConversion() {
    }

    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (!copyInterleavedBytes(image, out)) {
            if (cm instanceof IndexColorModel icm) {
                fromPalette(raster, icm, out);
            } else if ((cm instanceof ComponentColorModel || cm instanceof DirectColorModel) && isIntegral(raster)
                    && (isGray(cm) || (cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3))) {
                fromSamples(raster, cm, out);
            } else {
                fromJava2d(image, out);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Fast path for the common JPEG result: 8-bit sRGB interleaved bytes without alpha (TYPE_3BYTE_BGR). */
    private static boolean copyInterleavedBytes(BufferedImage image, byte[] out) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (!(cm instanceof ComponentColorModel) || cm.hasAlpha() || !cm.getColorSpace().isCS_sRGB()
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || sm.getNumBands() != 3 || buffer.getNumBanks() != 1
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        for (int b = 0; b < 3; b++) {
            if (cm.getComponentSize(b) != 8) {
                return false;
            }
        }
        byte[] data = buffer.getData();
        int[] offsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int scanline = sm.getScanlineStride();
        int base = buffer.getOffset();
        int w = image.getWidth();
        if (pixelStride == 3 && scanline == w * 3 && base == 0 && offsets[0] == 2 && offsets[1] == 1
                && offsets[2] == 0 && data.length >= out.length) {
            // TYPE_3BYTE_BGR without gaps, what the JPEG codecs return: swap the outer bytes of each pixel
            for (int p = 0; p < out.length; p += 3) {
                out[p] = data[p + 2];
                out[p + 1] = data[p + 1];
                out[p + 2] = data[p];
            }
            return true;
        }
        int o = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            int row = base + y * scanline;
            for (int x = 0; x < w; x++) {
                int p = row + x * pixelStride;
                out[o++] = data[p + offsets[0]];
                out[o++] = data[p + offsets[1]];
                out[o++] = data[p + offsets[2]];
            }
        }
        return true;
    }

    private static void fromPalette(Raster raster, IndexColorModel icm, byte[] out) {
        int w = raster.getWidth();
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int i = row[x];
                int a = icm.getAlpha(i);
                out[o++] = (byte) onWhite(icm.getRed(i), a);
                out[o++] = (byte) onWhite(icm.getGreen(i), a);
                out[o++] = (byte) onWhite(icm.getBlue(i), a);
            }
        }
    }

    private static void fromSamples(Raster raster, ColorModel cm, byte[] out) {
        int w = raster.getWidth();
        int bands = raster.getNumBands();
        long[] max = new long[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1L << cm.getComponentSize(b)) - 1;
        }
        boolean gray = cm.getNumColorComponents() == 1;
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        int alphaBand = bands - 1;
        int[] px = new int[w * bands];
        int[] c = new int[3];
        int o = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, px);
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                for (int k = 0; k < 3; k++) {
                    int band = gray ? 0 : k;
                    c[k] = to8(px[p + band], max[band]);
                }
                int a = alpha ? to8(px[p + alphaBand], max[alphaBand]) : 255;
                for (int k = 0; k < 3; k++) {
                    out[o++] = (byte) (premultiplied ? Math.min(255, c[k] + 255 - a) : onWhite(c[k], a));
                }
            }
        }
    }

    private static void fromJava2d(BufferedImage image, byte[] out) {
        int w = image.getWidth();
        int[] argb = new int[w];
        int o = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int v = argb[x];
                int a = v >>> 24;
                out[o++] = (byte) onWhite(v >> 16 & 0xFF, a);
                out[o++] = (byte) onWhite(v >> 8 & 0xFF, a);
                out[o++] = (byte) onWhite(v & 0xFF, a);
            }
        }
    }

    private static boolean isGray(ColorModel cm) {
        return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
    }

    private static boolean isIntegral(Raster raster) {
        int type = raster.getTransferType();
        return type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT || type == DataBuffer.TYPE_INT;
    }

    private static int to8(int value, long max) {
        if (max == 255) {
            return value & 0xFF;
        }
        long v = value & 0xFFFFFFFFL;
        return (int) ((v * 255 + max / 2) / max);
    }

    /** Non-premultiplied colour c over white with alpha a (both 0–255), rounded. */
    static int onWhite(int c, int a) {
        if (a == 255) {
            return c;
        }
        return (c * a + 255 * (255 - a) + 127) / 255;
    }
}

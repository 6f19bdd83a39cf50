package io.facegate.face.image;

/**
 * The eight EXIF orientations (tag 0x0112, values 1–8 of the EXIF 2.32 / TIFF 6.0 specification): how the
 * stored pixels must be transformed to show the picture upright.
 */
public enum Orientation {
    /** 1: stored upright. */
    NORMAL,
    /** 2: mirrored left–right. */
    MIRROR_HORIZONTAL,
    /** 3: upside down (rotate 180°). */
    ROTATE_180,
    /** 4: mirrored top–bottom. */
    MIRROR_VERTICAL,
    /** 5: mirrored left–right, then rotated 270° clockwise (a transpose: x and y swapped). */
    TRANSPOSE,
    /** 6: rotate 90° clockwise to display (a phone held upright, camera top to the right). */
    ROTATE_90_CW,
    /** 7: mirrored left–right, then rotated 90° clockwise (a transverse: flip across the anti-diagonal). */
    TRANSVERSE,
    /** 8: rotate 270° clockwise (90° counter-clockwise) to display. */
    ROTATE_270_CW;

    /**
     * @param exifValue the EXIF orientation value
     * @return the orientation; values outside 1–8 mean {@link #NORMAL}, as viewers treat them
     */
    public static Orientation fromExif(int exifValue) {
        return exifValue >= 1 && exifValue <= 8 ? values()[exifValue - 1] : NORMAL;
    }

    /** @return the EXIF value 1–8 */
    public int exifValue() {
        return ordinal() + 1;
    }

    /** @return whether displaying swaps width and height */
    public boolean swapsDimensions() {
        return this == TRANSPOSE || this == ROTATE_90_CW || this == TRANSVERSE || this == ROTATE_270_CW;
    }

    /**
     * @param stored the image as stored in the file
     * @return the image as it is meant to be seen ({@code stored} itself for {@link #NORMAL})
     */
    public RgbImage apply(RgbImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        int outW = swapsDimensions() ? h : w;
        int outH = swapsDimensions() ? w : h;
        byte[] in = stored.rgb();
        byte[] out = new byte[in.length];
        int o = 0;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                int ix;
                int iy;
                switch (this) {
                    case MIRROR_HORIZONTAL -> { ix = w - 1 - ox; iy = oy; }
                    case ROTATE_180 -> { ix = w - 1 - ox; iy = h - 1 - oy; }
                    case MIRROR_VERTICAL -> { ix = ox; iy = h - 1 - oy; }
                    case TRANSPOSE -> { ix = oy; iy = ox; }
                    case ROTATE_90_CW -> { ix = oy; iy = h - 1 - ox; }
                    case TRANSVERSE -> { ix = w - 1 - oy; iy = h - 1 - ox; }
                    case ROTATE_270_CW -> { ix = w - 1 - oy; iy = ox; }
                    default -> throw new AssertionError(this);
                }
                int i = (iy * w + ix) * 3;
                out[o++] = in[i];
                out[o++] = in[i + 1];
                out[o++] = in[i + 2];
            }
        }
        return new RgbImage(outW, outH, out);
    }
}

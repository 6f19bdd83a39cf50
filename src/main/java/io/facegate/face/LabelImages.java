package io.facegate.face;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import java.awt.image.BufferedImage;

import io.facegate.face.image.RgbImage;

/** Encodes frames as the PNG label images kept with each template. */
public final class LabelImages {

    private LabelImages() {
    }

    /**
     * @param image a decoded frame
     * @return the frame as PNG bytes (8-bit RGB, no metadata: EXIF and location data of the upload are dropped)
     */
    public static byte[] png(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a PNG label image", e);
        }
        return bytes.toByteArray();
    }
}

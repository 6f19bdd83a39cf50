package io.facegate.account;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The small JPEG of a label image that the account page shows (the full image is opened on demand): at most
 * {@value #SIDE} px on its longer side, JPEG quality {@value #QUALITY}; a 640×480 frame gives ~8–15 KB instead of
 * a ~550 KB PNG. Label images were decoded and re-encoded by the server at setup (at most the decoder's pixel
 * limit), so reading one back is bounded.
 */
public final class LabelThumbnail {

    /** Longer side of a thumbnail, px: twice the 120 px shown, for sharp phone screens. */
    public static final int SIDE = 240;
    /** JPEG quality, 0–1. */
    public static final float QUALITY = 0.8f;

    private LabelThumbnail() {
    }

    /**
     * @param image a PNG or JPEG label image
     * @return its thumbnail, JPEG
     * @throws UncheckedIOException if it cannot be read or written
     */
    public static byte[] jpeg(byte[] image) {
        try {
            BufferedImage in = ImageIO.read(new ByteArrayInputStream(image));
            if (in == null) {
                throw new IOException("not an image ImageIO can read");
            }
            double scale = Math.min(1.0, (double) SIDE / Math.max(in.getWidth(), in.getHeight()));
            int w = Math.max(1, (int) Math.round(in.getWidth() * scale));
            int h = Math.max(1, (int) Math.round(in.getHeight() * scale));
            BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(in, 0, 0, w, h, null);
            g.dispose();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(stream);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(QUALITY);
                writer.write(null, new IIOImage(out, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the thumbnail of a label image", e);
        }
    }
}

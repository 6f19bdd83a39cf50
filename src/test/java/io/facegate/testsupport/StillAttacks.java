package io.facegate.testsupport;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Presentation attacks made from one still picture: moved in the image plane, noised, re-encoded. */
public final class StillAttacks {

    private StillAttacks() {
    }

    /**
     * The still as a flat picture moved in front of the camera: rotated by {@code degrees} and scaled by
     * {@code scale} about the frame centre, then shifted by (dx, dy) px; uncovered parts are grey.
     *
     * @return a new frame of the same size
     */
    public static BufferedImage moved(BufferedImage still, double dx, double dy, double scale, double degrees) {
        int w = still.getWidth();
        int h = still.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0 + dx, h / 2.0 + dy);
        t.rotate(Math.toRadians(degrees));
        t.scale(scale, scale);
        t.translate(-w / 2.0, -h / 2.0);
        g.drawImage(still, t, null);
        g.dispose();
        return out;
    }

    /**
     * The still as a flat picture turned about its vertical centre line by {@code degrees} (positive: its right
     * edge moves away from the camera), seen by a pinhole camera whose focal length equals the frame width and
     * which sees the unturned picture filling the frame: the perspective a phone screen or print turned in front
     * of a webcam gives. Uncovered parts are grey; bilinear sampling.
     *
     * @return a new frame of the same size
     */
    public static BufferedImage turnedAway(BufferedImage still, double degrees) {
        int w = still.getWidth();
        int h = still.getHeight();
        double f = w;
        double cx = w / 2.0;
        double cy = h / 2.0;
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x + 0.5 - cx;
                double denominator = f * cos - u * sin;
                double sx = u * f / denominator;
                double sy = (y + 0.5 - cy) * (f + sx * sin) / f;
                double px = sx + cx - 0.5;
                double py = sy + cy - 0.5;
                out.setRGB(x, y, denominator > 0 && px >= 0 && py >= 0 && px < w - 1 && py < h - 1
                        ? bilinear(still, px, py) : 0x808080);
            }
        }
        return out;
    }

    private static int bilinear(BufferedImage image, double x, double y) {
        int x0 = (int) x;
        int y0 = (int) y;
        double fx = x - x0;
        double fy = y - y0;
        int p00 = image.getRGB(x0, y0);
        int p10 = image.getRGB(x0 + 1, y0);
        int p01 = image.getRGB(x0, y0 + 1);
        int p11 = image.getRGB(x0 + 1, y0 + 1);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double top = ((p00 >> shift) & 0xFF) * (1 - fx) + ((p10 >> shift) & 0xFF) * fx;
            double bottom = ((p01 >> shift) & 0xFF) * (1 - fx) + ((p11 >> shift) & 0xFF) * fx;
            rgb |= clamp(top * (1 - fy) + bottom * fy) << shift;
        }
        return rgb;
    }

    /**
     * @param still the picture
     * @param sigma standard deviation of the Gaussian noise added to each channel (0–255 scale)
     * @param seed  random seed, one per frame
     * @return a noisy copy
     */
    public static BufferedImage noised(BufferedImage still, double sigma, long seed) {
        Random random = new Random(seed);
        BufferedImage out = new BufferedImage(still.getWidth(), still.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < still.getHeight(); y++) {
            for (int x = 0; x < still.getWidth(); x++) {
                int p = still.getRGB(x, y);
                int r = clamp(((p >> 16) & 0xFF) + random.nextGaussian() * sigma);
                int gr = clamp(((p >> 8) & 0xFF) + random.nextGaussian() * sigma);
                int b = clamp((p & 0xFF) + random.nextGaussian() * sigma);
                out.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return out;
    }

    /**
     * @param image   a frame
     * @param quality JPEG quality 0–1
     * @return the JPEG bytes at that quality
     */
    public static byte[] jpeg(BufferedImage image, float quality) {
        return jpeg(image, quality, false);
    }

    /**
     * @param image       a frame
     * @param quality     JPEG quality 0–1
     * @param progressive whether to write the JDK encoder's progressive scan script instead of one baseline scan
     * @return the JPEG bytes
     */
    public static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes an encoded image
     * @return it decoded
     */
    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}

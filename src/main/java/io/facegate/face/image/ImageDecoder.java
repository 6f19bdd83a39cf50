package io.facegate.face.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import io.facegate.face.image.ImageRejectedException.Reason;

/**
 * Turns uploaded bytes into an upright {@link RgbImage}.
 *
 * <p>Formats: JPEG (also CMYK/YCCK, via the TwelveMonkeys JPEG plugin), PNG (grayscale, palette, 16-bit, alpha),
 * WebP (TwelveMonkeys), BMP and GIF (first frame). Colour handling is described in {@link RgbConversion}:
 * notably, <b>alpha is composited on white</b>. The EXIF orientation (all 8 values) is applied, so pixel (0,0)
 * is the top-left of the picture as a viewer shows it.
 *
 * <p>Protection, in this order: the file size is checked, the format is recognised from its signature, the
 * width and height are read from the header <em>before</em> any pixel is decoded and over-limit images are
 * refused without allocating them; then a decode slot is taken from a semaphore of
 * {@link DecodeLimits#maxConcurrentDecodes()} permits, waiting at most {@link DecodeLimits#acquireTimeout()}.
 * Every refusal is an {@link ImageRejectedException} with a sentence the user can act on.
 *
 * <p>Thread-safe. Share one instance per application: the concurrency bound is per instance.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;
    private final Semaphore slots;
    /** Idle JDK JPEG readers: making one costs ~0.8 ms of native set-up, a third of a 640×480 decode. */
    private final BlockingQueue<ImageReader> idleJpegReaders;

    /**
     * @param limits size, pixel and concurrency limits
     */
    public ImageDecoder(DecodeLimits limits) {
        this(limits, new Semaphore(limits.maxConcurrentDecodes(), true));
    }

    /** For tests that need to hold the decode slots themselves. */
    ImageDecoder(DecodeLimits limits, Semaphore slots) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.idleJpegReaders = new ArrayBlockingQueue<>(Math.max(1, limits.maxConcurrentDecodes()));
        ensurePlugins();
    }

    /**
     * ImageIO finds the TwelveMonkeys plugins through the class loader that was current when it first ran; in
     * an application server or a repackaged jar that may not be ours, so rescan once if WebP is unknown or the
     * JDK's JPEG reader (no CMYK) comes first.
     */
    private static void ensurePlugins() {
        Iterator<ImageReader> jpeg = ImageIO.getImageReadersByFormatName("jpeg");
        boolean twelveMonkeysJpeg = jpeg.hasNext() && jpeg.next().getClass().getName().startsWith("com.twelvemonkeys.");
        if (!twelveMonkeysJpeg || !ImageIO.getImageReadersByFormatName("webp").hasNext()) {
            ImageIO.scanForPlugins();
        }
    }

    /** @return the limits in force */
    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Reads and decodes a file; the size is checked before the file is read.
     *
     * @param file image file
     * @return the upright RGB image
     * @throws ImageRejectedException if the image is refused
     * @throws IOException            if the file cannot be read
     */
    public RgbImage decode(Path file) throws IOException {
        long size = Files.size(file);
        checkFileSize(size);
        return decode(Files.readAllBytes(file));
    }

    /**
     * @param data the uploaded file's bytes
     * @return the upright RGB image
     * @throws ImageRejectedException if the image is refused (see {@link Reason})
     */
    public RgbImage decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "The file is empty. Please choose a photo and upload it again.");
        }
        checkFileSize(data.length);
        ImageFormat format = ImageFormat.sniff(data);
        checkPngHeader(format, data);
        if (format == ImageFormat.PNG) {
            data = PngChunks.essential(data);
        }
        if (format == ImageFormat.JPEG) {
            checkJpegScans(data);
        }
        if (format == ImageFormat.JPEG && plainJpeg(data)) {
            ImageReader jdk = idleJpegReaders.poll();
            if (jdk == null) {
                jdk = jdkJpegReader();
            }
            if (jdk != null) {
                try {
                    return decodeWith(jdk, format, data);
                } catch (ImageRejectedException e) {
                    if (e.reason() != Reason.CORRUPT) {
                        throw e;
                    }
                    // fall through: the TwelveMonkeys reader also reads JPEGs the JDK's codec refuses
                } finally {
                    jdk.reset();
                    if (!idleJpegReaders.offer(jdk)) {
                        jdk.dispose();
                    }
                }
            }
        }
        ImageReader reader = readerFor(format);
        try {
            return decodeWith(reader, format, data);
        } finally {
            reader.dispose();
        }
    }

    /** Grey or three-component JPEGs, which the JDK's own codec reads correctly and faster than TwelveMonkeys. */
    private static boolean plainJpeg(byte[] data) {
        int components = JpegFrameHeader.componentCount(data);
        return components == 1 || components == 3;
    }

    private static ImageReader jdkJpegReader() {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (!reader.getClass().getName().startsWith("com.twelvemonkeys.")) {
                return reader;
            }
        }
        return null;
    }

    private RgbImage decodeWith(ImageReader reader, ImageFormat format, byte[] data) {
        try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
            reader.setInput(in);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw corrupt(format, e);
            }
            checkDimensions(width, height);
            return decodePixels(reader, format, data);
        } catch (IOException e) {
            throw corrupt(format, e);
        }
    }

    /** Decodes, converts and orients inside one slot, so every large buffer of a decode is covered by it. */
    private RgbImage decodePixels(ImageReader reader, ImageFormat format, byte[] data) {
        acquireSlot();
        try {
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener(new WarningCollector(warnings));
            ImageReadParam param = reader.getDefaultReadParam();
            BufferedImage image = reader.read(0, param);
            for (String warning : warnings) {
                // libjpeg's JWRN_JPEG_EOF: the codec invents grey rows for the missing part; we refuse instead.
                if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                    throw corrupt(format, null);
                }
            }
            RgbImage rgb = RgbConversion.toRgb(image);
            image = null; // let the codec's buffer go before the rotated copy is made
            return ExifOrientationReader.read(format, data).apply(rgb);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejectedException rejected) {
                throw rejected;
            }
            throw corrupt(format, e);
        } finally {
            slots.release();
        }
    }

    private void acquireSlot() {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(limits.acquireTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(e);
        }
        if (!acquired) {
            throw busy(null);
        }
    }

    private static ImageRejectedException busy(Throwable cause) {
        return new ImageRejectedException(Reason.BUSY,
                "The server is busy processing other images. Please try again in a few seconds.", cause);
    }

    /** Refuses a JPEG with more than {@link JpegScans#MAX_SCANS} scans before any decoding. */
    private static void checkJpegScans(byte[] data) {
        if (JpegScans.count(data, JpegScans.MAX_SCANS) > JpegScans.MAX_SCANS) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "This JPEG is split into more than "
                    + JpegScans.MAX_SCANS + " scans, which cameras and photo apps never make; save it again as "
                    + "an ordinary JPEG.", null);
        }
    }

    private void checkFileSize(long size) {
        if (size == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "The file is empty. Please choose a photo and upload it again.");
        }
        if (size > limits.maxFileBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE_FILE, String.format(Locale.ROOT,
                    "The file is %.1f MB; the limit is %.1f MB. Please upload a smaller photo (e.g. saved at a lower"
                            + " quality or resolution).", size / 1048576.0, limits.maxFileBytes() / 1048576.0));
        }
    }

    private void checkDimensions(long width, long height) {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(Reason.ZERO_SIZE, "The image is " + width + "×" + height
                    + " pixels, so it has nothing to show. Please upload a real photo.");
        }
        long pixels = width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "The image is %d×%d pixels (%.2f megapixels); the limit is %,d pixels (%.2f megapixels, e.g."
                            + " 1920×1080 is 2,073,600). Please resize it and try again.", width, height, pixels / 1e6,
                    limits.maxPixels(), limits.maxPixels() / 1e6));
        }
    }

    /** The JDK PNG codec refuses a zero dimension with a generic error; read IHDR to say what is wrong. */
    private void checkPngHeader(ImageFormat format, byte[] data) {
        if (format == ImageFormat.PNG) {
            long[] dims = ImageFormat.pngDimensions(data);
            if (dims != null) {
                checkDimensions(dims[0], dims[1]);
            }
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, format + " images cannot be read by this"
                    + " server. Please upload a JPEG or PNG image.");
        }
        return readers.next();
    }

    /** A codec error; the codec's own wording stays in the cause (for logs), not in the user's sentence. */
    private static ImageRejectedException corrupt(ImageFormat format, Throwable cause) {
        return new ImageRejectedException(Reason.CORRUPT, "The " + format + " file is damaged or incomplete."
                + " Please upload it again, or save it again as JPEG or PNG.", cause);
    }

    private record WarningCollector(List<String> warnings) implements IIOReadWarningListener {
        @Override
        public void warningOccurred(ImageReader source, String warning) {
            warnings.add(warning);
        }
    }
}

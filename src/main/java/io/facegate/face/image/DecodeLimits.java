package io.facegate.face.image;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits applied by {@link ImageDecoder} before any pixel is decoded.
 *
 * <p>Memory: a decode holds the codec's {@code BufferedImage} (3–8 bytes per px), the {@link RgbImage}
 * (3 bytes per px) and, for a rotated EXIF orientation, its upright copy (3 bytes per px); a 40-megapixel photo
 * needs ~250–450 MB at its peak. {@code maxConcurrentDecodes} bounds how many decodes run together.
 *
 * @param maxFileBytes         largest accepted file, in bytes (default 25 MB = 25·1024·1024)
 * @param maxPixels            largest accepted width·height, in px (default 40,000,000)
 * @param maxConcurrentDecodes how many images may be decoded at the same time (default 2)
 * @param acquireTimeout       how long a decode waits for a free slot before it is refused as
 *                             {@link ImageRejectedException.Reason#BUSY} (default 10 s)
 */
public record DecodeLimits(long maxFileBytes, long maxPixels, int maxConcurrentDecodes, Duration acquireTimeout) {

    /** Default file limit: 25 MB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 25L * 1024 * 1024;
    /** Default pixel limit: 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** Default number of simultaneous decodes. */
    public static final int DEFAULT_MAX_CONCURRENT_DECODES = 2;
    /** Default wait for a decode slot. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(10);
    /** Upper bound for {@code maxPixels}: an {@link RgbImage} is one Java array of 3 bytes per px. */
    public static final long MAX_SUPPORTED_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    /**
     * @throws IllegalArgumentException if a limit is not positive or {@code maxPixels} exceeds
     *                                  {@link #MAX_SUPPORTED_PIXELS}
     */
    public DecodeLimits {
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
        if (maxPixels < 1 || maxPixels > MAX_SUPPORTED_PIXELS) {
            throw new IllegalArgumentException("maxPixels must be between 1 and " + MAX_SUPPORTED_PIXELS
                    + ", got " + maxPixels);
        }
        if (maxConcurrentDecodes < 1) {
            throw new IllegalArgumentException("maxConcurrentDecodes must be positive, got " + maxConcurrentDecodes);
        }
        if (acquireTimeout.isNegative()) {
            throw new IllegalArgumentException("acquireTimeout must not be negative, got " + acquireTimeout);
        }
    }

    /**
     * Peak bytes per pixel of one decode: the codec's {@code BufferedImage} (up to 8, 16-bit RGBA) and the
     * {@link RgbImage} (3) live together; the codec's buffer is released before an EXIF rotation's upright copy
     * (3 + 3).
     */
    public static final int PEAK_BYTES_PER_PIXEL = 11;

    /** Share of the heap that decodes may use together; the rest holds sessions, the gallery and requests. */
    public static final double DECODE_HEAP_SHARE = 0.5;

    /**
     * The defaults, with the pixel limit lowered so that {@link #DEFAULT_MAX_CONCURRENT_DECODES} worst-case
     * decodes fit in {@link #DECODE_HEAP_SHARE} of the heap: a heap limit then bounds hostile uploads (a larger
     * image is refused from its header with {@link ImageRejectedException.Reason#TOO_MANY_PIXELS}) instead of
     * running out of memory. With a heap of 1,680 MB or more this is {@link #defaults()} (40 megapixels);
     * 410 MB (the Docker image on a 1 GB instance): 9.8 megapixels; 205 MB (on 512 MB): 4.9 megapixels. A 1080p
     * camera frame has 2.1 megapixels, a 4K one 8.3.
     *
     * @param maxHeapBytes the JVM's heap limit ({@code Runtime.getRuntime().maxMemory()}), bytes
     * @return the limits for that heap
     * @throws IllegalArgumentException if {@code maxHeapBytes} is not positive
     */
    public static DecodeLimits forHeap(long maxHeapBytes) {
        if (maxHeapBytes < 1) {
            throw new IllegalArgumentException("maxHeapBytes must be positive, got " + maxHeapBytes);
        }
        long budget = (long) (maxHeapBytes * DECODE_HEAP_SHARE);
        long pixels = budget / ((long) PEAK_BYTES_PER_PIXEL * DEFAULT_MAX_CONCURRENT_DECODES);
        return new DecodeLimits(DEFAULT_MAX_FILE_BYTES, Math.max(1, Math.min(DEFAULT_MAX_PIXELS, pixels)),
                DEFAULT_MAX_CONCURRENT_DECODES, DEFAULT_ACQUIRE_TIMEOUT);
    }

    /**
     * Largest camera frame the web endpoints take: 1920 × 1080 pixels (2.07 megapixels, Full HD; the pages ask the
     * camera for 640 × 480, which browsers give or the nearest mode, 1280 × 720 at most on common webcams). A frame is
     * checked against the enrolled faces by the networks at 416 px and a 150 px chip, so more pixels add nothing but
     * decoding and memory: a README-only tester's ten 39.7-megapixel PNGs (128 KB each) took the server's memory
     * from 1.0 to 2.7 GB; a second one's anonymous pre-checks and challenge answers of 4K frames (3840 × 2160, the
     * limit then) cost 0.65 CPU-seconds a frame, four times a Full HD frame's.
     */
    public static final long CAMERA_MAX_PIXELS = 1920L * 1080;

    /**
     * {@link #forHeap} with the pixel limit lowered to {@link #CAMERA_MAX_PIXELS} when the heap allows more: the
     * limits of the application's uploads (camera frames and the label images made from them).
     *
     * @param maxHeapBytes the JVM's heap limit, bytes
     * @return the limits
     * @throws IllegalArgumentException if {@code maxHeapBytes} is not positive
     */
    public static DecodeLimits forCameraFrames(long maxHeapBytes) {
        DecodeLimits heap = forHeap(maxHeapBytes);
        return new DecodeLimits(heap.maxFileBytes(), Math.min(heap.maxPixels(), CAMERA_MAX_PIXELS),
                heap.maxConcurrentDecodes(), heap.acquireTimeout());
    }

    /** @return 25 MB, 40 megapixels, 2 concurrent decodes, 10 s wait */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_CONCURRENT_DECODES,
                DEFAULT_ACQUIRE_TIMEOUT);
    }
}

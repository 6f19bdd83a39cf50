package io.facegate.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link DecodeLimits#forHeap}: the pixel limit that lets two worst-case decodes fit in half the heap, so that a
 * heap limit bounds hostile uploads by refusing them from the header instead of running out of memory.
 */
class DecodeLimitsForHeapTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aLargeHeapKeepsTheDefaults() {
        DecodeLimits limits = DecodeLimits.forHeap(4096 * MB);
        assertThat(limits).isEqualTo(DecodeLimits.defaults());
    }

    @Test
    void twoWorstCaseDecodesFitInHalfTheHeap() {
        for (long heap : new long[] {205 * MB, 410 * MB, 1024 * MB}) {
            DecodeLimits limits = DecodeLimits.forHeap(heap);
            long twoDecodes = 2 * limits.maxPixels() * DecodeLimits.PEAK_BYTES_PER_PIXEL;
            assertThat(twoDecodes).as("heap %d MB", heap / MB).isLessThanOrEqualTo(heap / 2);
            assertThat(limits.maxConcurrentDecodes()).isEqualTo(2);
            assertThat(limits.maxFileBytes()).isEqualTo(DecodeLimits.DEFAULT_MAX_FILE_BYTES);
        }
        // 410 MB (the Docker image on a 1 GB instance): 410 MB / 2 / 22 bytes = 9.77 megapixels.
        assertThat(DecodeLimits.forHeap(410 * MB).maxPixels()).isEqualTo(410 * MB / 2 / 22);
    }

    /** A 40-megapixel upload is refused from its header under the 410 MB heap's limits; a camera frame is not. */
    @Test
    void aFortyMegapixelImageIsRefusedBeforeDecodingUnderASmallHeap() {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.forHeap(410 * MB));
        // 8000 x 5000 px of one colour: a small PNG whose pixels would take 40 MP x 11 bytes to decode.
        byte[] huge = TestImages.write(new java.awt.image.BufferedImage(8000, 5000,
                java.awt.image.BufferedImage.TYPE_BYTE_BINARY), "png");
        assertThatThrownBy(() -> decoder.decode(huge))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_MANY_PIXELS));
        RgbImage frame = decoder.decode(TestImages.write(TestImages.quadrants(1920, 1080), "png"));
        assertThat(frame.width()).isEqualTo(1920);
    }

    /**
     * The application's uploads stop at a Full HD camera frame whatever the heap: a tester's 39.7-megapixel PNGs of
     * 128 KB (6300 × 6300, one colour) were decoded before, ten at once taking 1.7 GB more memory, and 4K frames
     * cost four times a Full HD frame's CPU; a Full HD frame is still taken, a 1440p one is not.
     */
    @Test
    void cameraFramesStopAtFullHdWhateverTheHeap() {
        assertThat(DecodeLimits.forCameraFrames(6L * 1024 * MB).maxPixels()).isEqualTo(1920L * 1080);
        // a heap too small for two Full HD decodes in half of it keeps its own, lower limit
        assertThat(DecodeLimits.forHeap(64 * MB).maxPixels()).isLessThan(DecodeLimits.CAMERA_MAX_PIXELS);
        assertThat(DecodeLimits.forCameraFrames(64 * MB).maxPixels()).isEqualTo(DecodeLimits.forHeap(64 * MB).maxPixels());
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.forCameraFrames(6L * 1024 * MB));
        byte[] bomb = TestImages.write(new java.awt.image.BufferedImage(6300, 6300,
                java.awt.image.BufferedImage.TYPE_BYTE_BINARY), "png");
        assertThat(bomb.length).isLessThan(200_000);
        assertThatThrownBy(() -> decoder.decode(bomb))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_MANY_PIXELS);
                    assertThat(e.getMessage()).contains("6300×6300").contains("39.69 megapixels")
                            .contains("the limit is 2,073,600 pixels (2.07 megapixels");
                });
        assertThat(decoder.decode(TestImages.write(TestImages.quadrants(1920, 1080), "png")).width()).isEqualTo(1920);
        assertThatThrownBy(() -> decoder.decode(TestImages.write(TestImages.quadrants(2560, 1440), "png")))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_MANY_PIXELS));
    }

    @Test
    void aHeapMustBePositive() {
        assertThatThrownBy(() -> DecodeLimits.forHeap(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

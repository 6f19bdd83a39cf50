package io.facegate.face.image;

import static io.facegate.face.image.TestImages.BLUE;
import static io.facegate.face.image.TestImages.GREEN;
import static io.facegate.face.image.TestImages.RED;
import static io.facegate.face.image.TestImages.WHITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.facegate.face.image.ImageRejectedException.Reason;

/** {@link ImageDecoder} on images generated in the test (no photos). */
class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());

    // ---- formats ---------------------------------------------------------------------------------------------

    @Test
    void pngRgbIsExact() {
        RgbImage image = decoder.decode(TestImages.write(TestImages.quadrants(40, 20), "png"));
        assertThat(image.width()).isEqualTo(40);
        assertThat(image.height()).isEqualTo(20);
        assertPixel(image, 5, 5, RED, 0);
        assertPixel(image, 35, 5, GREEN, 0);
        assertPixel(image, 5, 15, BLUE, 0);
        assertPixel(image, 35, 15, WHITE, 0);
    }

    @Test
    void jpegIsCloseToTheSource() {
        RgbImage image = decoder.decode(TestImages.write(TestImages.quadrants(64, 32), "jpg"));
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(32);
        assertPixel(image, 8, 8, RED, 12);
        assertPixel(image, 56, 24, WHITE, 12);
    }

    /** Gray v must become (v, v, v): no linear-to-sRGB lightening. */
    @Test
    void grayscalePngKeepsItsLevels() {
        BufferedImage gray = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 100);
        gray.getRaster().setSample(3, 2, 0, 201);
        RgbImage image = decoder.decode(TestImages.write(gray, "png"));
        assertPixel(image, 0, 0, new Color(100, 100, 100), 0);
        assertPixel(image, 3, 2, new Color(201, 201, 201), 0);
        assertPixel(image, 1, 1, new Color(0, 0, 0), 0);
    }

    /** 16-bit samples are scaled with rounding: 25700 = 100·257 → 100, 65535 → 255. */
    @Test
    void sixteenBitGrayPngIsScaledTo8Bits() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 25700);
        gray.getRaster().setSample(1, 0, 0, 65535);
        RgbImage image = decoder.decode(TestImages.write(gray, "png"));
        assertPixel(image, 0, 0, new Color(100, 100, 100), 0);
        assertPixel(image, 1, 0, new Color(255, 255, 255), 0);
    }

    /** Alpha is composited on white: (255,0,0) at alpha 128 → (255,127,127); fully transparent → white. */
    @Test
    void alphaIsCompositedOnWhite() {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FF0000);
        argb.setRGB(1, 0, 0x00123456);
        argb.setRGB(2, 0, 0xFF102030);
        RgbImage image = decoder.decode(TestImages.write(argb, "png"));
        assertPixel(image, 0, 0, new Color(255, 127, 127), 0);
        assertPixel(image, 1, 0, WHITE, 0);
        assertPixel(image, 2, 0, new Color(0x10, 0x20, 0x30), 0);
    }

    @Test
    void palettePngIsLookedUp() {
        byte[] r = {(byte) 10, (byte) 200};
        byte[] g = {(byte) 20, (byte) 150};
        byte[] b = {(byte) 30, (byte) 100};
        BufferedImage indexed = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(1, 2, r, g, b));
        indexed.getRaster().setSample(1, 1, 0, 1);
        RgbImage image = decoder.decode(TestImages.write(indexed, "png"));
        assertPixel(image, 0, 0, new Color(10, 20, 30), 0);
        assertPixel(image, 1, 1, new Color(200, 150, 100), 0);
    }

    @Test
    void bmpIsExact() {
        RgbImage image = decoder.decode(TestImages.write(TestImages.quadrants(10, 6), "bmp"));
        assertThat(image.width()).isEqualTo(10);
        assertPixel(image, 0, 0, RED, 0);
        assertPixel(image, 9, 5, WHITE, 0);
    }

    @Test
    void gifGivesTheFirstFrame() throws IOException {
        BufferedImage first = solid(8, 4, new Color(200, 0, 0));
        BufferedImage second = solid(8, 4, new Color(0, 0, 200));
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(first, null, null), null);
            writer.writeToSequence(new IIOImage(second, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        RgbImage image = decoder.decode(bytes.toByteArray());
        assertThat(image.width()).isEqualTo(8);
        assertThat(image.height()).isEqualTo(4);
        assertPixel(image, 3, 2, new Color(200, 0, 0), 0);
    }

    /** A VP8L stream written bit by bit (ImageIO has no WebP writer): 1 bit per pixel choosing the green level. */
    @Test
    void losslessWebpIsExact() {
        boolean[][] pattern = new boolean[5][7];
        pattern[0][6] = true;
        pattern[4][0] = true;
        RgbImage image = decoder.decode(TestImages.losslessWebp(pattern, 30, 40, 220, 50));
        assertThat(image.width()).isEqualTo(7);
        assertThat(image.height()).isEqualTo(5);
        assertPixel(image, 0, 0, new Color(30, 40, 50), 0);
        assertPixel(image, 6, 0, new Color(30, 220, 50), 0);
        assertPixel(image, 0, 4, new Color(30, 220, 50), 0);
        assertPixel(image, 3, 2, new Color(30, 40, 50), 0);
    }

    /** Adobe CMYK (inverted) JPEG: no ink → white, full cyan → a cyan (red low, green and blue high). */
    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        byte[] jpeg = TestImages.cmykJpeg(32, 16, new int[] {0, 0, 0, 0}, new int[] {255, 0, 0, 0});
        RgbImage image = decoder.decode(jpeg);
        assertThat(image.width()).isEqualTo(32);
        assertPixel(image, 4, 8, WHITE, 8);
        assertThat(image.value(28, 8, 0)).isLessThan(60);
        assertThat(image.value(28, 8, 1)).isGreaterThan(120);
        assertThat(image.value(28, 8, 2)).isGreaterThan(200);
    }

    // ---- EXIF orientation ------------------------------------------------------------------------------------

    /**
     * The source is 64×32 with quadrants [red green / blue white]; each row gives the quadrant colours expected
     * after applying the orientation (top-left, top-right, bottom-left, bottom-right) and the resulting size.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
            "1, R, G, B, W, 64, 32",
            "2, G, R, W, B, 64, 32",
            "3, W, B, G, R, 64, 32",
            "4, B, W, R, G, 64, 32",
            "5, R, B, G, W, 32, 64",
            "6, B, R, W, G, 32, 64",
            "7, W, G, B, R, 32, 64",
            "8, G, W, R, B, 32, 64"})
    void exifOrientationIsApplied(int orientation, char tl, char tr, char bl, char br, int width, int height) {
        byte[] jpeg = TestImages.jpegWithOrientation(TestImages.quadrants(64, 32), orientation);
        RgbImage image = decoder.decode(jpeg);
        assertThat(image.width()).isEqualTo(width);
        assertThat(image.height()).isEqualTo(height);
        int qx = width / 4;
        int qy = height / 4;
        assertPixel(image, qx, qy, colour(tl), 12);
        assertPixel(image, width - 1 - qx, qy, colour(tr), 12);
        assertPixel(image, qx, height - 1 - qy, colour(bl), 12);
        assertPixel(image, width - 1 - qx, height - 1 - qy, colour(br), 12);
    }

    @Test
    void exifOrientationInAPngExifChunkIsApplied() {
        byte[] png = TestImages.write(TestImages.quadrants(20, 10), "png");
        byte[] tiff = TestImages.exifTiff(6);
        // eXIf goes after IHDR (8-byte signature + 25-byte IHDR chunk)
        byte[] withExif = TestImages.concat(Arrays.copyOfRange(png, 0, 33), TestImages.pngChunk("eXIf", tiff),
                Arrays.copyOfRange(png, 33, png.length));
        RgbImage image = decoder.decode(withExif);
        assertThat(image.width()).isEqualTo(10);
        assertThat(image.height()).isEqualTo(20);
        assertPixel(image, 2, 2, BLUE, 0);
        assertPixel(image, 7, 2, RED, 0);
    }

    /** Extended WebP with an EXIF chunk, orientation 6: the 7×5 image is shown 5×7, rotated clockwise. */
    @Test
    void exifOrientationInAWebpExifChunkIsApplied() {
        boolean[][] pattern = new boolean[5][7];
        pattern[0][0] = true; // stored top-left
        RgbImage image = decoder.decode(TestImages.losslessWebpWithExif(pattern, 30, 40, 220, 50,
                TestImages.exifTiff(6)));
        assertThat(image.width()).isEqualTo(5);
        assertThat(image.height()).isEqualTo(7);
        // rotating clockwise moves the stored top-left pixel to the top-right corner
        assertPixel(image, 4, 0, new Color(30, 220, 50), 0);
        assertPixel(image, 0, 0, new Color(30, 40, 50), 0);
    }

    // ---- refusals --------------------------------------------------------------------------------------------

    @Test
    void emptyInputIsRefused() {
        assertRejected(() -> decoder.decode(new byte[0]), Reason.EMPTY);
        assertRejected(() -> decoder.decode((byte[]) null), Reason.EMPTY);
    }

    @Test
    void textFileIsRefusedAsUnsupported() {
        byte[] text = "name,score\nalice,0.9\n".getBytes(StandardCharsets.UTF_8);
        ImageRejectedException e = assertRejected(() -> decoder.decode(text), Reason.UNSUPPORTED_FORMAT);
        assertThat(e.getMessage()).contains("JPEG, PNG, WebP, BMP or GIF");
    }

    @Test
    void heicIsRefusedWithAHint() {
        byte[] heic = TestImages.concat(new byte[] {0, 0, 0, 24}, "ftypheic".getBytes(StandardCharsets.US_ASCII),
                new byte[16]);
        ImageRejectedException e = assertRejected(() -> decoder.decode(heic), Reason.UNSUPPORTED_FORMAT);
        assertThat(e.getMessage()).contains("HEIC");
    }

    /** The header claims 20000×20000 and there is no pixel data: refused from the header alone. */
    @Test
    void hugeDeclaredDimensionsAreRefusedFromTheHeader() {
        ImageRejectedException e = assertRejected(() -> decoder.decode(TestImages.pngHeaderOnly(20000, 20000)),
                Reason.TOO_MANY_PIXELS);
        assertThat(e.getMessage()).contains("20000×20000").contains("400.00 megapixels").contains("40.00 megapixels");
    }

    /** A JPEG whose SOF declares 20000×20000 (patched in a small file) is refused before decoding. */
    @Test
    void hugeJpegIsRefusedFromTheHeader() {
        byte[] jpeg = TestImages.write(TestImages.quadrants(16, 16), "jpg");
        for (int i = 2; i < jpeg.length - 8; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (20000 >> 8);
                jpeg[i + 6] = (byte) (20000 & 0xFF);
                jpeg[i + 7] = (byte) (20000 >> 8);
                jpeg[i + 8] = (byte) (20000 & 0xFF);
                break;
            }
        }
        assertRejected(() -> decoder.decode(jpeg), Reason.TOO_MANY_PIXELS);
    }

    @Test
    void zeroSizeIsRefused() {
        assertRejected(() -> decoder.decode(TestImages.pngHeaderOnly(0, 0)), Reason.ZERO_SIZE);
        assertRejected(() -> decoder.decode(TestImages.pngHeaderOnly(640, 0)), Reason.ZERO_SIZE);
    }

    @Test
    void tooLargeFileIsRefused() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(1000, 40_000_000, 1, Duration.ofSeconds(1)));
        byte[] png = TestImages.write(TestImages.quadrants(400, 400), "png");
        assertThat(png.length).isGreaterThan(1000);
        ImageRejectedException e = assertRejected(() -> small.decode(png), Reason.TOO_LARGE_FILE);
        assertThat(e.getMessage()).contains("limit is 0.0 MB");
    }

    /** The file's size is checked before it is read: a 30 MB sparse file is refused at once. */
    @Test
    void tooLargeFileOnDiskIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.jpg");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(30L * 1024 * 1024);
        }
        ImageRejectedException e = assertRejected(() -> {
            try {
                decoder.decode(big);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }, Reason.TOO_LARGE_FILE);
        assertThat(e.getMessage()).isEqualTo("The file is 30.0 MB; the limit is 25.0 MB. Please upload a smaller"
                + " photo (e.g. saved at a lower quality or resolution).");
    }

    @Test
    void configuredPixelLimitIsApplied() {
        ImageDecoder small = new ImageDecoder(new DecodeLimits(1 << 20, 100, 1, Duration.ofSeconds(1)));
        assertRejected(() -> small.decode(TestImages.write(TestImages.quadrants(11, 10), "png")),
                Reason.TOO_MANY_PIXELS);
        assertThat(small.decode(TestImages.write(TestImages.quadrants(10, 10), "png")).width()).isEqualTo(10);
    }

    @Test
    void truncatedJpegIsRefusedAsCorrupt() {
        byte[] jpeg = TestImages.write(noise(200, 150), "jpg");
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertRejected(() -> decoder.decode(cut), Reason.CORRUPT);
        byte[] headerOnly = Arrays.copyOf(jpeg, 40);
        assertRejected(() -> decoder.decode(headerOnly), Reason.CORRUPT);
    }

    @Test
    void truncatedPngIsRefusedAsCorrupt() {
        byte[] png = TestImages.write(noise(200, 150), "png");
        assertRejected(() -> decoder.decode(Arrays.copyOf(png, png.length / 2)), Reason.CORRUPT);
    }

    /** All slots are held (by the test): a decode waits for the timeout, then is refused as BUSY. */
    @Test
    void busyWhenNoSlotFreesUpInTime() throws InterruptedException {
        Semaphore slots = new Semaphore(1);
        ImageDecoder bounded = new ImageDecoder(new DecodeLimits(1 << 20, 1_000_000, 1, Duration.ofMillis(50)), slots);
        byte[] png = TestImages.write(TestImages.quadrants(8, 8), "png");
        slots.acquire();
        long start = System.nanoTime();
        ImageRejectedException e = assertRejected(() -> bounded.decode(png), Reason.BUSY);
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(45);
        assertThat(e.getMessage()).contains("try again");
        // an over-limit image is refused at once from its header, without waiting for a slot
        assertRejected(() -> bounded.decode(TestImages.pngHeaderOnly(20000, 20000)), Reason.TOO_MANY_PIXELS);
        slots.release();
        assertThat(bounded.decode(png).width()).isEqualTo(8);
        assertThat(slots.availablePermits()).isEqualTo(1);
    }

    @Test
    void slotIsReleasedAfterACorruptImage() {
        Semaphore slots = new Semaphore(1);
        ImageDecoder bounded = new ImageDecoder(new DecodeLimits(1 << 20, 1_000_000, 1, Duration.ofMillis(50)), slots);
        byte[] png = TestImages.write(noise(50, 50), "png");
        assertRejected(() -> bounded.decode(Arrays.copyOf(png, png.length - 200)), Reason.CORRUPT);
        assertThat(slots.availablePermits()).isEqualTo(1);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static ImageRejectedException assertRejected(Runnable decode, Reason reason) {
        try {
            decode.run();
        } catch (ImageRejectedException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.getMessage()).endsWith(".");
            return e;
        }
        throw new AssertionError("Expected a refusal with reason " + reason);
    }

    private static void assertPixel(RgbImage image, int x, int y, Color expected, int tolerance) {
        assertThat(image.value(x, y, 0)).as("R at %d,%d", x, y).isCloseTo(expected.getRed(), within(tolerance));
        assertThat(image.value(x, y, 1)).as("G at %d,%d", x, y).isCloseTo(expected.getGreen(), within(tolerance));
        assertThat(image.value(x, y, 2)).as("B at %d,%d", x, y).isCloseTo(expected.getBlue(), within(tolerance));
    }

    private static Color colour(char c) {
        return switch (c) {
            case 'R' -> RED;
            case 'G' -> GREEN;
            case 'B' -> BLUE;
            case 'W' -> WHITE;
            default -> throw new IllegalArgumentException(String.valueOf(c));
        };
    }

    private static BufferedImage solid(int w, int h, Color colour) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
        return image;
    }

    /** Deterministic pseudo-random pixels, so the compressed data is long enough to cut in half. */
    private static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        long seed = 12345;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                image.setRGB(x, y, (int) (seed >>> 40));
            }
        }
        return image;
    }
}

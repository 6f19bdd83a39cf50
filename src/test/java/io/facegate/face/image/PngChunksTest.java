package io.facegate.face.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

/**
 * PNG decompression bombs in metadata chunks: a README-only tester's 1.9 MB camera-sized PNG with a {@code zTXt}
 * chunk inflating to 1.9 GB took a server from 0.7 to 5.4 GB and 17.8 s on every face endpoint. The decoder now
 * hands the codec only the chunks the pixels are made of.
 */
class PngChunksTest {

    /** Inflated size of the bombs: 128 MB (a few hundred KB deflated). */
    private static final int INFLATED = 128 << 20;

    private static byte[] deflatedZeros(int size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int fed = 0; fed < size; fed += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    /** {@code png} with {@code chunks} inserted right after its IHDR chunk (8 + 25 bytes). */
    private static byte[] withChunks(byte[] png, byte[]... chunks) {
        return TestImages.concat(java.util.Arrays.copyOfRange(png, 0, 33), TestImages.concat(chunks),
                java.util.Arrays.copyOfRange(png, 33, png.length));
    }

    private static byte[] bombs(byte[] png) {
        byte[] deflated = deflatedZeros(INFLATED);
        byte[] ztxt = TestImages.concat("Comment".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0, 0}, deflated);
        byte[] itxt = TestImages.concat("XML".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0, 1, 0, 0, 0},
                deflated);
        return withChunks(png, TestImages.pngChunk("zTXt", ztxt), TestImages.pngChunk("iTXt", itxt),
                TestImages.pngChunk("tEXt", "Author\0someone".getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        for (int at = 8; at + 12 <= png.length; ) {
            int length = ImageFormat.readIntBe(png, at);
            types.add(new String(png, at + 4, 4, StandardCharsets.ISO_8859_1));
            at += 12 + length;
        }
        return types;
    }

    private static long allocatedBytes(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static byte[] palettePng() {
        byte[] grey = new byte[256];
        for (int i = 0; i < 256; i++) {
            grey[i] = (byte) i;
        }
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, grey, grey, grey));
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) & 0xFF);
            }
        }
        return TestImages.write(image, "png");
    }

    @Test
    void metadataBombsAreLeftOutAndThePixelsAreTheSame() {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        // A true-colour and a palette PNG (the JDK reader skips metadata only for the former when asked to).
        for (byte[] plain : List.of(TestImages.write(TestImages.quadrants(640, 480), "png"), palettePng())) {
            byte[] bomb = bombs(plain);
            assertThat(bomb.length).as("the bomb's file size").isLessThan(2_000_000);
            assertThat(chunkTypes(bomb)).contains("zTXt", "iTXt", "tEXt");
            byte[] kept = PngChunks.essential(bomb);
            assertThat(chunkTypes(kept)).doesNotContain("zTXt", "iTXt", "tEXt").contains("IHDR", "IDAT", "IEND");
            RgbImage expected = decoder.decode(plain);
            RgbImage[] decoded = new RgbImage[1];
            long allocated = allocatedBytes(() -> decoded[0] = decoder.decode(bomb));
            // A 640×480 decode allocates a few MB; inflating either text chunk would allocate 128 MB or more.
            assertThat(allocated).as("bytes allocated decoding the bomb").isLessThan(32L << 20);
            assertThat(decoded[0].width()).isEqualTo(640);
            assertThat(decoded[0].height()).isEqualTo(480);
            assertThat(decoded[0].rgb()).as("the pixels").isEqualTo(expected.rgb());
        }
    }

    @Test
    void aPngWithOnlyPixelChunksIsPassedOnAsItIs() {
        byte[] plain = TestImages.pngHeaderOnly(4, 4);
        assertThat(PngChunks.essential(plain)).isSameAs(plain);
    }

    @Test
    void aChunkRunningPastTheEndEndsTheList() {
        byte[] png = TestImages.write(TestImages.quadrants(64, 48), "png");
        byte[] text = TestImages.pngChunk("tEXt", "a\0b".getBytes(StandardCharsets.ISO_8859_1));
        byte[] cut = java.util.Arrays.copyOf(withChunks(png, text), 33 + text.length + 10);
        assertThat(chunkTypes(PngChunks.essential(cut))).containsExactly("IHDR");
    }
}

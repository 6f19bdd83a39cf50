package io.facegate.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.facegate.testsupport.StillAttacks;

/**
 * The scan count of real encoder output, and the "scan bomb" a README-only tester sent: a grey 1920×1080
 * progressive JPEG whose DC scan is followed by thousands of 12-byte AC scans, each one end-of-band run over every
 * block (42 KB cost the server 5.8 s of decoding, 138 KB 28 s, and two of them held both decode slots). It is
 * refused before any decoding.
 */
class JpegScansTest {

    private static BufferedImage noise(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = (x * 255 / width + random.nextInt(40)) & 0xFF;
                image.setRGB(x, y, v << 16 | (255 - v) << 8 | (y * 255 / height));
            }
        }
        return image;
    }

    @Test
    void encodersWriteOneScanBaselineAndLibjpegsProgressiveScripts() {
        BufferedImage colour = noise(320, 240, BufferedImage.TYPE_INT_RGB);
        BufferedImage grey = noise(320, 240, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(JpegScans.count(StillAttacks.jpeg(colour, 0.9f), 1000)).isEqualTo(1);
        // libjpeg's jpeg_simple_progression: 10 scans for YCbCr, 6 for one component
        assertThat(JpegScans.count(StillAttacks.jpeg(colour, 0.9f, true), 1000)).isEqualTo(10);
        assertThat(JpegScans.count(StillAttacks.jpeg(grey, 0.9f, true), 1000)).isEqualTo(6);
        RgbImage decoded = new ImageDecoder(DecodeLimits.defaults()).decode(StillAttacks.jpeg(colour, 0.9f, true));
        assertThat(decoded.width()).isEqualTo(320);
    }

    @Test
    void aScanBombIsRefusedBeforeDecoding() {
        byte[] bomb = scanBomb(2_000);
        assertThat(bomb.length).isLessThan(200_000);
        assertThat(JpegScans.count(bomb, JpegScans.MAX_SCANS)).isEqualTo(JpegScans.MAX_SCANS + 1);
        assertThat(JpegScans.count(bomb, 10_000)).isEqualTo(2_001);
        assertThat(JpegScans.start(bomb, 2)).isPositive();
        assertThat(JpegScans.start(bomb, 2_002)).isEqualTo(-1);
        assertThatThrownBy(() -> new ImageDecoder(DecodeLimits.defaults()).decode(bomb))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining("more than 32 scans")
                .extracting(e -> ((ImageRejectedException) e).reason())
                .isEqualTo(ImageRejectedException.Reason.UNSUPPORTED_FORMAT);
        // the same file with as many extra scans as allowed in all is still read
        RgbImage allowed = new ImageDecoder(DecodeLimits.defaults()).decode(scanBomb(JpegScans.MAX_SCANS - 1));
        assertThat(allowed.width()).isEqualTo(1920);
    }

    /**
     * A grey 1920×1080 progressive JPEG cut after its DC scan, then a Huffman table with one AC code (symbol 0xE0:
     * an end-of-band run of 2<sup>14</sup> + 14 extra bits) and {@code extraScans} first AC scans of band 1–63,
     * each a 2-byte run over all 32,400 blocks, then EOI.
     */
    private static byte[] scanBomb(int extraScans) {
        byte[] base = StillAttacks.jpeg(noise(1920, 1080, BufferedImage.TYPE_BYTE_GRAY), 0.8f, true);
        int secondScan = JpegScans.start(base, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base, 0, secondScan);
        // DHT: length 20, class 1 (AC) table 1, code counts per length 1..16 = {1, 0 × 15}, the one symbol 0xE0
        byte[] dht = new byte[22];
        dht[0] = (byte) 0xFF;
        dht[1] = (byte) 0xC4;
        dht[3] = 20;
        dht[4] = 0x11;
        dht[5] = 1;
        dht[21] = (byte) 0xE0;
        out.writeBytes(dht);
        int run = 240 * 135 - (1 << 14); // blocks beyond the run's 2^14
        int bits = (run << 1) | 1; // code '0', 14 extra bits, a padding 1
        byte[] data = {(byte) (bits >> 8), (byte) bits};
        int component = componentId(base);
        for (int i = 0; i < extraScans; i++) {
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, (byte) component, 0x01, 1, 63, 0});
            out.writeBytes(data);
            if ((data[0] & 0xFF) == 0xFF || (data[1] & 0xFF) == 0xFF) {
                throw new IllegalStateException("the run's bytes need stuffing");
            }
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }

    /** @return the component id of a grey JPEG's frame header (SOF2: marker, length, precision, height, width, Nf) */
    private static int componentId(byte[] jpeg) {
        for (int i = 2; i + 10 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC2) {
                return jpeg[i + 10] & 0xFF;
            }
        }
        throw new IllegalStateException("no SOF2 frame header");
    }
}

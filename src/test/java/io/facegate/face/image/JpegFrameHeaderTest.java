package io.facegate.face.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;

import org.junit.jupiter.api.Test;

class JpegFrameHeaderTest {

    @Test
    void countsTheComponentsOfGreyColourAndCmykJpegs() throws IOException {
        byte[] grey = TestImages.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "jpeg");
        byte[] colour = TestImages.write(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        byte[] cmyk = TestImages.cmykJpeg(8, 8, new int[] {0, 0, 0, 0}, new int[] {255, 0, 0, 0});

        assertThat(JpegFrameHeader.componentCount(grey)).isEqualTo(1);
        assertThat(JpegFrameHeader.componentCount(colour)).isEqualTo(3);
        assertThat(JpegFrameHeader.componentCount(cmyk)).isEqualTo(4);
    }

    @Test
    void findsTheFrameHeaderBehindExifAndFillBytes() {
        byte[] colour = TestImages.write(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
        byte[] withExif = TestImages.jpegWithOrientation(new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR), 6);
        byte[] fill = new byte[colour.length + 2];
        System.arraycopy(colour, 0, fill, 0, 2);
        fill[2] = (byte) 0xFF; // two fill bytes before the first marker (T.81 B.1.1.2)
        fill[3] = (byte) 0xFF;
        System.arraycopy(colour, 2, fill, 4, colour.length - 2);

        assertThat(JpegFrameHeader.componentCount(withExif)).isEqualTo(3);
        assertThat(JpegFrameHeader.componentCount(fill)).isEqualTo(3);
    }

    @Test
    void answersMinusOneWithoutAFrameHeader() {
        byte[] truncated = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F'};
        byte[] notMarkers = {(byte) 0xFF, (byte) 0xD8, 0x12, 0x34, 0x56, 0x78};
        byte[] scanFirst = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0x00, 0x08, 1, 2, 3, 4, 5, 6};

        assertThat(JpegFrameHeader.componentCount(truncated)).isEqualTo(-1);
        assertThat(JpegFrameHeader.componentCount(notMarkers)).isEqualTo(-1);
        assertThat(JpegFrameHeader.componentCount(scanFirst)).isEqualTo(-1);
    }
}

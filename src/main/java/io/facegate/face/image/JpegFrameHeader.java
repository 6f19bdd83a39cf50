package io.facegate.face.image;

/**
 * The number of colour components a JPEG declares in its frame header (SOF0–SOF15), read by walking the marker
 * segments without a codec (ITU-T T.81, B.2.2: after the segment length come the sample precision, the height, the
 * width and then N<sub>f</sub>, the number of components).
 */
final class JpegFrameHeader {

    private JpegFrameHeader() {
    }

    /**
     * @param data JPEG file contents
     * @return 1 (grey), 3 (YCbCr or RGB), 4 (CMYK or YCCK), or −1 when no frame header is found before the scan
     */
    static int componentCount(byte[] data) {
        int i = 2; // after SOI
        while (i + 4 <= data.length) {
            if ((data[i] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) { // no length field
                i += 2;
                continue;
            }
            int length = (data[i + 2] & 0xFF) << 8 | (data[i + 3] & 0xFF);
            if (isFrameHeader(marker)) {
                int nf = i + 9; // marker(2) length(2) precision(1) height(2) width(2)
                return nf < data.length ? data[nf] & 0xFF : -1;
            }
            if (marker == 0xDA || length < 2) { // start of scan before any frame header, or a broken length
                return -1;
            }
            i += 2 + length;
        }
        return -1;
    }

    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}

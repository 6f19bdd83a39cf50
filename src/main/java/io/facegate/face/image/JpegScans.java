package io.facegate.face.image;

/**
 * Counts the scans (SOS segments) of a JPEG by walking its marker segments and skipping each scan's entropy-coded
 * data, without a codec (ITU-T T.81, B.1.1.2–B.1.1.5: a marker is 0xFF followed by a byte other than 0x00, fill
 * bytes 0xFF and the restart markers RST0–RST7 inside entropy-coded data). A decoder goes over every block of the
 * image once per scan, so a file of a few kilobytes holding thousands of near-empty progressive scans costs
 * seconds of CPU per frame (a README-only tester: 10,000 scans, 138 KB, 1920×1080 grey, 28 s in the JDK's
 * decoder); counting first bounds that cost.
 */
final class JpegScans {

    /**
     * Most scans accepted: libjpeg's default progressive script has 10 scans for a colour image and 6 for a grey
     * one, a baseline file 1 per component group; 32 leaves room for optimised custom scripts (three times the
     * default). Measured with the JDK's decoder on a 1920×1080 grey frame (the camera limit), machine loaded (load
     * 6.7): the plain progressive file 71 ms, with 100 scans 685 ms (≈ 6 ms a scan), so 32 scans cost about 0.2 s.
     */
    static final int MAX_SCANS = 32;

    private JpegScans() {
    }

    /**
     * @param data      JPEG file contents, starting with SOI
     * @param stopAfter counting stops once the count exceeds this (the caller only needs to know that it does)
     * @return the scans found, at most {@code stopAfter + 1}; a file that ends early or breaks the marker syntax
     *         is counted up to that point (the decoder reports it as damaged)
     */
    static int count(byte[] data, int stopAfter) {
        return walk(data, stopAfter, -1);
    }

    /**
     * @param data JPEG file contents, starting with SOI
     * @param n    which scan, from 1
     * @return the offset of the {@code n}-th scan's SOS marker, or −1 if the file has fewer scans
     */
    static int start(byte[] data, int n) {
        return walk(data, Integer.MAX_VALUE, n);
    }

    /** Counts scans as {@link #count}; with {@code wanted ≥ 1} returns that scan's offset instead (−1 if none). */
    private static int walk(byte[] data, int stopAfter, int wanted) {
        int scans = 0;
        int i = 2; // after SOI
        while (i + 1 < data.length) {
            if ((data[i] & 0xFF) != 0xFF) {
                break;
            }
            int marker = data[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte before a marker
                i++;
                continue;
            }
            if (marker == 0xD9) { // EOI
                break;
            }
            if (marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) { // no length field
                i += 2;
                continue;
            }
            if (i + 4 > data.length) {
                break;
            }
            int length = (data[i + 2] & 0xFF) << 8 | (data[i + 3] & 0xFF);
            if (length < 2) {
                break;
            }
            if (marker == 0xDA) {
                scans++;
                if (scans == wanted) {
                    return i;
                }
                if (scans > stopAfter) {
                    break;
                }
                i = endOfEntropyData(data, i + 2 + length);
            } else {
                i += 2 + length;
            }
        }
        return wanted >= 1 ? -1 : scans;
    }

    /** @return the index of the first marker at or after {@code i} that ends a scan's entropy-coded data */
    private static int endOfEntropyData(byte[] data, int i) {
        while (i + 1 < data.length) {
            if ((data[i] & 0xFF) != 0xFF) {
                i++;
                continue;
            }
            int next = data[i + 1] & 0xFF;
            if (next == 0x00 || next >= 0xD0 && next <= 0xD7) { // stuffed 0xFF, or a restart marker
                i += 2;
            } else if (next == 0xFF) { // fill byte: the marker starts at the next 0xFF
                i++;
            } else {
                return i;
            }
        }
        return data.length;
    }
}

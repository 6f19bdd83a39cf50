package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Point;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.RgbImage;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;

/**
 * The near-duplicate measure of the face region that was tried for "re-encoded copies of a label image cannot log
 * in", and why it is not used: prints, for the shared clips, the lowest similarity of a copy of a setup frame
 * (PNG, JPEG 0.5/0.75/0.95, scaled 0.9/1.1, cropped 2 %, cropped + scaled 0.9 + JPEG 0.5) to its original, and
 * each later genuine frame's highest similarity to the setup frames (README *Data and security*). Needs the shared
 * data and ffmpeg. Run (after {@code mvn -o -q test-compile -Dexec.skip=true}):
 * {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.facegate.bench.FaceChipNearDuplicates"}.
 */
public final class FaceChipNearDuplicates {

    private FaceChipNearDuplicates() {
    }

    /**
     * A {@value #SIZE}×{@value #SIZE} grey chip aligned on the eye and mouth centres, {@value #SPAN} eye-to-mouth
     * scales wide, each pixel the mean of {@value #SUB}×{@value #SUB} bilinear samples, zero-mean and unit-norm;
     * compared by normalised cross-correlation, the best over shifts of up to {@value #SHIFT} chip pixels.
     */
    static final class Chip {

        /** Chip side in px: 32 px over {@value #SPAN} scales ≈ 3 px of a 100 px-wide face per chip pixel. */
        static final int SIZE = 32;
        /** Chip side in eye-to-mouth scales (the recognition crop is 1/0.45 ≈ 2.2 of them). */
        static final double SPAN = 2.6;
        /** Samples per chip pixel and axis. */
        static final int SUB = 3;
        /** Largest shift in chip pixels tried when comparing. */
        static final int SHIFT = 2;
        /** Box size of the low band removed. */
        static final int BLUR = 7;
        /** Whether the low band is removed (also tried with SIZE 64, SPAN 2.2, SUB 2, SHIFT 3: no better). */
        static final boolean HIGH_PASS = false;

        private final float[] chip;

        private Chip(float[] chip) {
            this.chip = chip;
        }

        /**
         * @param image the decoded picture
         * @param face  its face, with landmarks in the picture's pixels
         * @return the picture's fingerprint
         */
        static Chip of(RgbImage image, Face face) {
            FaceLandmarks lm = face.landmarks();
            Point right = mean(lm, 36, 42);
            Point left = mean(lm, 42, 48);
            Point mouth = mean(lm, 48, 68);
            double cx = (right.x() + left.x() + mouth.x()) / 3;
            double cy = (right.y() + left.y() + mouth.y()) / 3;
            double scale = (Math.hypot(right.x() - mouth.x(), right.y() - mouth.y())
                    + Math.hypot(left.x() - mouth.x(), left.y() - mouth.y())) / 2;
            double angle = Math.atan2(left.y() - right.y(), left.x() - right.x());
            double step = SPAN * Math.max(scale, 1) / SIZE;
            double ux = Math.cos(angle) * step;
            double uy = Math.sin(angle) * step;
            float[] chip = new float[SIZE * SIZE];
            double sum = 0;
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    double acc = 0;
                    for (int sj = 0; sj < SUB; sj++) {
                        for (int si = 0; si < SUB; si++) {
                            double u = i - SIZE / 2.0 + (si + 0.5) / SUB;
                            double v = j - SIZE / 2.0 + (sj + 0.5) / SUB;
                            acc += grey(image, cx + u * ux - v * uy, cy + u * uy + v * ux);
                        }
                    }
                    chip[j * SIZE + i] = (float) (acc / (SUB * SUB));
                    sum += chip[j * SIZE + i];
                }
            }
            if (HIGH_PASS) {
                chip = highPass(chip);
            }
            double mean = 0;
            for (float c : chip) {
                mean += c;
            }
            mean /= chip.length;
            double norm = 0;
            for (int k = 0; k < chip.length; k++) {
                chip[k] -= (float) mean;
                norm += chip[k] * chip[k];
            }
            double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
            for (int k = 0; k < chip.length; k++) {
                chip[k] *= (float) inv;
            }
            return new Chip(chip);
        }

        /**
         * @param other another fingerprint
         * @return the best normalised cross-correlation of the two chips over shifts of up to {@value #SHIFT} chip
         *         pixels, on the overlap ({@code -1..1}; 1 = the same picture up to brightness and contrast)
         */
        double similarity(Chip other) {
            double best = -1;
            for (int dy = -SHIFT; dy <= SHIFT; dy++) {
                for (int dx = -SHIFT; dx <= SHIFT; dx++) {
                    best = Math.max(best, correlation(chip, other.chip, dx, dy));
                }
            }
            return best;
        }

        /** NCC of a and b shifted by (dx, dy) on their overlap, each re-normalised there. */
        private static double correlation(float[] a, float[] b, int dx, int dy) {
            int x0 = Math.max(0, -dx);
            int x1 = Math.min(SIZE, SIZE - dx);
            int y0 = Math.max(0, -dy);
            int y1 = Math.min(SIZE, SIZE - dy);
            double sa = 0;
            double sb = 0;
            int n = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    sa += a[y * SIZE + x];
                    sb += b[(y + dy) * SIZE + x + dx];
                    n++;
                }
            }
            double ma = sa / n;
            double mb = sb / n;
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    double p = a[y * SIZE + x] - ma;
                    double q = b[(y + dy) * SIZE + x + dx] - mb;
                    ab += p * q;
                    aa += p * p;
                    bb += q * q;
                }
            }
            return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
        }

        /** The chip minus its {@value #BLUR}×{@value #BLUR} box-blurred self (edges clamped): the detail band. */
        private static float[] highPass(float[] chip) {
            float[] out = new float[chip.length];
            int r = BLUR / 2;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double acc = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int xx = Math.max(0, Math.min(SIZE - 1, x + dx));
                            int yy = Math.max(0, Math.min(SIZE - 1, y + dy));
                            acc += chip[yy * SIZE + xx];
                        }
                    }
                    out[y * SIZE + x] = (float) (chip[y * SIZE + x] - acc / (BLUR * BLUR));
                }
            }
            return out;
        }

        private static Point mean(FaceLandmarks lm, int from, int to) {
            double x = 0;
            double y = 0;
            for (int i = from; i < to; i++) {
                x += lm.get(i).x();
                y += lm.get(i).y();
            }
            return new Point(x / (to - from), y / (to - from));
        }

        /** Bilinear BT.601 luma at (x, y), edges clamped. */
        private static double grey(RgbImage image, double x, double y) {
            int w = image.width();
            int h = image.height();
            double fx = Math.max(0, Math.min(w - 1.0, x));
            double fy = Math.max(0, Math.min(h - 1.0, y));
            int x0 = (int) fx;
            int y0 = (int) fy;
            int x1 = Math.min(w - 1, x0 + 1);
            int y1 = Math.min(h - 1, y0 + 1);
            double ax = fx - x0;
            double ay = fy - y0;
            double top = luma(image, x0, y0) * (1 - ax) + luma(image, x1, y0) * ax;
            double bottom = luma(image, x0, y1) * (1 - ax) + luma(image, x1, y1) * ax;
            return top * (1 - ay) + bottom * ay;
        }

        private static double luma(RgbImage image, int x, int y) {
            return 0.299 * image.value(x, y, 0) + 0.587 * image.value(x, y, 1) + 0.114 * image.value(x, y, 2);
        }

    }

    private static FrameAnalyzer analyzer;

    private static Chip chip(byte[] frame) {
        return analyzer.analyze(frame) instanceof FrameAnalyzer.Accepted a ? Chip.of(a.image(), a.face()) : null;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws Exception {
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpg").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** @return the image with {@code fraction} of its width and height cut off, half on each side */
    private static BufferedImage crop(BufferedImage image, double fraction) {
        int dx = (int) Math.round(image.getWidth() * fraction / 2);
        int dy = (int) Math.round(image.getHeight() * fraction / 2);
        BufferedImage out = new BufferedImage(image.getWidth() - 2 * dx, image.getHeight() - 2 * dy,
                BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.drawImage(image, -dx, -dy, null);
        g.dispose();
        return out;
    }

    /** The copies of the issue, in the order of {@link #COPIES}. */
    private static List<byte[]> copies(BufferedImage label) throws Exception {
        return List.of(FaceSamples.encode(label, "png"), jpeg(label, 0.5f), jpeg(label, 0.75f), jpeg(label, 0.95f),
                jpeg(LivenessClips.scale(label, 0.9), 0.75f), jpeg(LivenessClips.scale(label, 1.1), 0.75f),
                jpeg(crop(label, 0.02), 0.75f), jpeg(LivenessClips.scale(crop(label, 0.02), 0.9), 0.5f));
    }

    private static final String[] COPIES = {"png", "jpeg0.5", "jpeg0.75", "jpeg0.95", "scale0.9", "scale1.1",
        "crop2%", "crop2%+scale0.9+jpeg0.5"};

    /**
     * @param clip   name for the output
     * @param frames the clip's frames
     * @param setup  how many first frames are the setup frames
     */
    private static void measure(String clip, List<BufferedImage> frames, int setup) throws Exception {
        List<Chip> stored = new ArrayList<>();
        double[] lowest = new double[COPIES.length];
        Arrays.fill(lowest, 1);
        for (int i = 0; i < setup; i++) {
            Chip original = chip(FaceSamples.encode(frames.get(i), "png"));
            if (original == null) {
                continue;
            }
            stored.add(original);
            List<byte[]> copies = copies(frames.get(i));
            for (int k = 0; k < copies.size(); k++) {
                Chip copy = chip(copies.get(k));
                if (copy != null) {
                    lowest[k] = Math.min(lowest[k], original.similarity(copy));
                }
            }
        }
        StringBuilder line = new StringBuilder(clip + ", lowest similarity of a copy to its setup frame:");
        for (int k = 0; k < COPIES.length; k++) {
            line.append(String.format(" %s=%.4f", COPIES[k], lowest[k]));
        }
        System.out.println(line);
        line = new StringBuilder(clip + ", later genuine frames (JPEG 0.9), highest similarity to a setup frame:");
        for (int k = setup; k < frames.size(); k++) {
            Chip later = chip(jpeg(frames.get(k), 0.9f));
            if (later == null) {
                line.append(" ").append(k).append(":-");
                continue;
            }
            double best = -1;
            for (Chip s : stored) {
                best = Math.max(best, s.similarity(later));
            }
            line.append(String.format(" %d:%.4f", k, best));
        }
        System.out.println(line);
    }

    /**
     * @param args unused
     * @throws Exception when a frame cannot be encoded
     */
    public static void main(String[] args) throws Exception {
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine, AnalysisOptions.DEFAULT,
                    FrameAnalyzer.Rules.DEFAULT);
            measure("blink clip (2 fps; setup: its first 3 s)", LivenessClips.blink(2, 100), 6);
            measure("head-turn clip (x2; setup: frames 0-7)", LivenessClips.headTurn(2), 8);
        }
    }
}

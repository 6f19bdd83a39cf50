package io.facegate.testsupport;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import io.facegate.face.FrameAnalyzer;
import io.facegate.face.match.Descriptors;
import io.facegate.storedimage.NearCopy;

/**
 * Near-duplicate trials on real faces, as {@code storedimage.StoredImages} decides them: an account's label
 * images, every copy of each label made with the transforms of issue 9 (and their combinations), and the same
 * person's later frames, each decided by {@link NearCopy#isCopy} from its peak to the nearest label and to the
 * account's other labels. Shared by {@code NearCopyTest} (asserts) and {@code bench.NearCopyFigures} (prints).
 */
public final class NearCopyTrials {

    /** The copies' geometry: as is, scaled ±10 %, 2 % cropped (half on each side), cropped and scaled. */
    public static final List<String> GEOMETRIES = List.of("as-is", "scale0.9", "scale1.1", "crop2%",
            "crop2%+scale0.9", "crop2%+scale1.1");
    /** The copies' encoding: PNG (0) or JPEG at these qualities (ImageIO's encoder). */
    public static final List<Float> QUALITIES = List.of(0f, 0.5f, 0.75f, 0.95f);
    /** JPEG quality of the later frames: what the page's canvas sends ({@code camera.js}). */
    public static final float PAGE_QUALITY = 0.92f;

    /**
     * What the trials of one account gave.
     *
     * @param labels          label images with a face
     * @param copiesTried     copies with a face
     * @param copiesRefused   of them, refused
     * @param highestOwnPeak  highest peak of a copy to its own label (grey levels)
     * @param lowestRatio     lowest ratio of a copy's peak to another label of the account to its own peak
     * @param laterTried      later frames with a face
     * @param laterRefused    of them, refused
     * @param lowestLaterPeak lowest peak of a later frame to its nearest label (grey levels)
     * @param copyDistance    largest descriptor distance of a copy to its label
     */
    public record Outcome(int labels, int copiesTried, int copiesRefused, double highestOwnPeak, double lowestRatio,
                         int laterTried, int laterRefused, double lowestLaterPeak, double copyDistance) {
    }

    private final FrameAnalyzer analyzer;
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private long comparisons;
    private long cpuNanos;

    /** @param analyzer the engine's frame analysis (landmarks and descriptors) */
    public NearCopyTrials(FrameAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** @return near-copy comparisons made so far */
    public long comparisons() {
        return comparisons;
    }

    /** @return mean CPU time of one comparison so far, ms */
    public double meanCpuMs() {
        return comparisons == 0 ? 0 : cpuNanos / 1e6 / comparisons;
    }

    /** @return the image with {@code fraction} of its width and height cut off, half on each side */
    public static BufferedImage crop(BufferedImage image, double fraction) {
        int dx = (int) Math.round(image.getWidth() * fraction / 2);
        int dy = (int) Math.round(image.getHeight() * fraction / 2);
        BufferedImage out = new BufferedImage(image.getWidth() - 2 * dx, image.getHeight() - 2 * dy,
                BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.drawImage(image, -dx, -dy, null);
        g.dispose();
        return out;
    }

    /**
     * @param label    the label image
     * @param geometry one of {@link #GEOMETRIES}
     * @param quality  one of {@link #QUALITIES} (0: PNG)
     * @return the copy's file bytes
     */
    public static byte[] copy(BufferedImage label, String geometry, float quality) {
        BufferedImage g = switch (geometry) {
            case "as-is" -> label;
            case "scale0.9" -> LivenessClips.scale(label, 0.9);
            case "scale1.1" -> LivenessClips.scale(label, 1.1);
            case "crop2%" -> crop(label, 0.02);
            case "crop2%+scale0.9" -> LivenessClips.scale(crop(label, 0.02), 0.9);
            case "crop2%+scale1.1" -> LivenessClips.scale(crop(label, 0.02), 1.1);
            default -> throw new IllegalArgumentException("No geometry " + geometry);
        };
        return quality == 0 ? FaceSamples.encode(g, "png") : StillAttacks.jpeg(g, quality);
    }

    /** @return frames {@code from}, {@code from + step}, … below {@code to} */
    public static List<BufferedImage> pick(List<BufferedImage> frames, int from, int to, int step) {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = from; i < Math.min(to, frames.size()); i += step) {
            out.add(frames.get(i));
        }
        return out;
    }

    private record Stored(NearCopy.Label label, float[] descriptor) {
    }

    private FrameAnalyzer.Accepted face(byte[] bytes) {
        return analyzer.analyze(bytes) instanceof FrameAnalyzer.Accepted a ? a : null;
    }

    private double peak(Stored label, FrameAnalyzer.Accepted frame) {
        long t0 = cpu.getCurrentThreadCpuTime();
        double peak = NearCopy.peak(label.label(), frame.image(), frame.face().landmarks());
        cpuNanos += cpu.getCurrentThreadCpuTime() - t0;
        comparisons++;
        return peak;
    }

    /** @return the frame's peak to each label */
    private double[] peaks(List<Stored> labels, FrameAnalyzer.Accepted frame) {
        double[] peaks = new double[labels.size()];
        for (int k = 0; k < labels.size(); k++) {
            peaks[k] = peak(labels.get(k), frame);
        }
        return peaks;
    }

    /** @return the index of the lowest peak (the label the frame is nearest to) */
    private static int nearest(double[] peaks) {
        int best = 0;
        for (int k = 1; k < peaks.length; k++) {
            best = peaks[k] < peaks[best] ? k : best;
        }
        return best;
    }

    /** @return whether {@link NearCopy#isCopy} refuses a frame with these peaks to an account's labels */
    private static boolean refused(double[] peaks) {
        int best = nearest(peaks);
        double[] siblings = new double[peaks.length - 1];
        for (int j = 0, i = 0; j < peaks.length; j++) {
            if (j != best) {
                siblings[i++] = peaks[j];
            }
        }
        return NearCopy.isCopy(peaks[best], siblings);
    }

    /**
     * @param setup the account's label images (PNG, as setup stores them)
     * @param later the same person's later frames (sent as JPEG {@value #PAGE_QUALITY})
     * @return what the copies of every label and the later frames gave
     */
    public Outcome account(List<BufferedImage> setup, List<BufferedImage> later) {
        List<Stored> labels = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (BufferedImage image : setup) {
            FrameAnalyzer.Accepted a = face(FaceSamples.encode(image, "png"));
            if (a != null) {
                labels.add(new Stored(NearCopy.Label.of(a.image(), a.face().landmarks()), a.face().descriptor()));
                images.add(image);
            }
        }
        int copiesTried = 0;
        int copiesRefused = 0;
        double highestOwn = 0;
        double lowestRatio = Double.POSITIVE_INFINITY;
        double copyDistance = 0;
        for (int k = 0; k < labels.size(); k++) {
            for (String geometry : GEOMETRIES) {
                for (float quality : QUALITIES) {
                    FrameAnalyzer.Accepted copy = face(copy(images.get(k), geometry, quality));
                    if (copy == null) {
                        continue; // a crop that cuts the face: nothing to log in with
                    }
                    copyDistance = Math.max(copyDistance, Descriptors.distance(labels.get(k).descriptor(),
                            copy.face().descriptor()));
                    double[] peaks = peaks(labels, copy);
                    double own = peaks[k];
                    highestOwn = Math.max(highestOwn, own);
                    for (int j = 0; j < labels.size(); j++) {
                        if (j != k) {
                            lowestRatio = Math.min(lowestRatio, peaks[j] / Math.max(own, 1e-9));
                        }
                    }
                    copiesTried++;
                    copiesRefused += refused(peaks) ? 1 : 0;
                }
            }
        }
        int laterTried = 0;
        int laterRefused = 0;
        double lowestLater = Double.POSITIVE_INFINITY;
        for (BufferedImage frame : later) {
            FrameAnalyzer.Accepted login = face(StillAttacks.jpeg(frame, PAGE_QUALITY));
            if (login == null) {
                continue;
            }
            double[] peaks = peaks(labels, login);
            laterTried++;
            laterRefused += refused(peaks) ? 1 : 0;
            lowestLater = Math.min(lowestLater, peaks[nearest(peaks)]);
        }
        return new Outcome(labels.size(), copiesTried, copiesRefused, highestOwn, lowestRatio, laterTried,
                laterRefused, lowestLater, copyDistance);
    }
}

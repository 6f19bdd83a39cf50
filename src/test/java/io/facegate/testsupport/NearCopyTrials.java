package io.facegate.testsupport;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.facegate.face.FrameAnalyzer;
import io.facegate.face.match.Descriptors;
import io.facegate.storedimage.NearCopy;

/**
 * Near-duplicate trials on real faces, as {@code storedimage.StoredImages} decides them: an account's label
 * images, every copy of each label made with the transforms of issue 9 (and their combinations), and the same
 * person's later frames, each decided by {@link NearCopy#isCopy} from its comparisons with the account's labels
 * (refused when it is a copy of any of them as against the others). Shared by {@code NearCopyTest} (asserts) and
 * {@code bench.NearCopyFigures} (prints).
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
     * What the trials of one account (or several, {@link #plus}) gave.
     *
     * @param labels              label images with a face
     * @param copiesTried         copies with a face
     * @param copiesRefused       of them, refused
     * @param highestOwnPeak      highest peak of a copy to its own label (grey levels)
     * @param lowestRatio         lowest ratio of a copy's peak to another label of the account to its own peak
     * @param laterTried          later frames with a face
     * @param laterRefused        of them, refused
     * @param lowestLaterPeak     lowest peak of a later frame to its nearest label (grey levels)
     * @param copyDistance        largest descriptor distance of a copy to its label
     * @param lowestCopyNoise     lowest excess of a copy's {@link NearCopy.Comparison#noise} to its own label over
     *                            its highest to the account's other labels
     * @param highestLaterNoise   highest such excess of a later frame, over the labels taken as the one in question
     * @param byKind              per copy kind ("geometry, encoding"): copies tried and refused
     */
    public record Outcome(int labels, int copiesTried, int copiesRefused, double highestOwnPeak, double lowestRatio,
                         int laterTried, int laterRefused, double lowestLaterPeak, double copyDistance,
                         double lowestCopyNoise, double highestLaterNoise, Map<String, int[]> byKind) {

        /** No trial yet (the start of a sum). */
        public static final Outcome NONE = new Outcome(0, 0, 0, 0, Double.POSITIVE_INFINITY, 0, 0,
                Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Map.of());

        /** @return both accounts' trials together */
        public Outcome plus(Outcome o) {
            Map<String, int[]> kinds = new LinkedHashMap<>();
            for (Map<String, int[]> m : List.of(byKind, o.byKind)) {
                m.forEach((k, v) -> {
                    int[] sum = kinds.computeIfAbsent(k, x -> new int[2]);
                    sum[0] += v[0];
                    sum[1] += v[1];
                });
            }
            return new Outcome(labels + o.labels, copiesTried + o.copiesTried, copiesRefused + o.copiesRefused,
                    Math.max(highestOwnPeak, o.highestOwnPeak), Math.min(lowestRatio, o.lowestRatio),
                    laterTried + o.laterTried, laterRefused + o.laterRefused,
                    Math.min(lowestLaterPeak, o.lowestLaterPeak), Math.max(copyDistance, o.copyDistance),
                    Math.min(lowestCopyNoise, o.lowestCopyNoise), Math.max(highestLaterNoise, o.highestLaterNoise),
                    kinds);
        }

        /** @param geometry one of {@link #GEOMETRIES} @return that geometry's copies (all encodings): tried, refused */
        public int[] geometry(String geometry) {
            return sum(k -> k.startsWith(geometry + ","));
        }

        /** @param quality one of {@link #QUALITIES} @return that encoding's copies (all geometries): tried, refused */
        public int[] encoding(float quality) {
            return sum(k -> k.endsWith("," + encodingName(quality)));
        }

        private int[] sum(java.util.function.Predicate<String> kind) {
            int[] out = new int[2];
            byKind.forEach((k, v) -> {
                if (kind.test(k)) {
                    out[0] += v[0];
                    out[1] += v[1];
                }
            });
            return out;
        }
    }

    /** @return "PNG" or "JPEG q" for one of {@link #QUALITIES} */
    public static String encodingName(float quality) {
        return quality == 0 ? "PNG" : String.format(java.util.Locale.ROOT, "JPEG %.2f", quality);
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

    private NearCopy.Comparison compare(Stored label, FrameAnalyzer.Accepted frame) {
        long t0 = cpu.getCurrentThreadCpuTime();
        NearCopy.Comparison c = NearCopy.compare(label.label(), frame.image(), frame.face().landmarks());
        cpuNanos += cpu.getCurrentThreadCpuTime() - t0;
        comparisons++;
        return c;
    }

    /** @return the frame against each label */
    private NearCopy.Comparison[] compare(List<Stored> labels, FrameAnalyzer.Accepted frame) {
        NearCopy.Comparison[] out = new NearCopy.Comparison[labels.size()];
        for (int k = 0; k < labels.size(); k++) {
            out[k] = compare(labels.get(k), frame);
        }
        return out;
    }

    /** @return the comparisons but the k-th */
    private static NearCopy.Comparison[] others(NearCopy.Comparison[] all, int k) {
        NearCopy.Comparison[] out = new NearCopy.Comparison[all.length - 1];
        for (int j = 0, i = 0; j < all.length; j++) {
            if (j != k) {
                out[i++] = all[j];
            }
        }
        return out;
    }

    /** @return the k-th comparison's noise correlation less the highest of the others' (infinity: no other) */
    private static double noiseExcess(NearCopy.Comparison[] all, int k) {
        double other = Double.NEGATIVE_INFINITY;
        for (NearCopy.Comparison c : others(all, k)) {
            other = Math.max(other, c.noise());
        }
        return all[k].noise() - other;
    }

    /**
     * @return whether {@code StoredImages} refuses a frame with these comparisons to an account's labels: whether
     *         {@link NearCopy#isCopy} says so for any label against the others
     */
    private static boolean refused(NearCopy.Comparison[] all) {
        for (int k = 0; k < all.length; k++) {
            if (NearCopy.isCopy(all[k], others(all, k))) {
                return true;
            }
        }
        return false;
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
        double lowestCopyNoise = Double.POSITIVE_INFINITY;
        Map<String, int[]> byKind = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            for (String geometry : GEOMETRIES) {
                for (float quality : QUALITIES) {
                    FrameAnalyzer.Accepted copy = face(copy(images.get(k), geometry, quality));
                    if (copy == null) {
                        continue; // a crop that cuts the face: nothing to log in with
                    }
                    copyDistance = Math.max(copyDistance, Descriptors.distance(labels.get(k).descriptor(),
                            copy.face().descriptor()));
                    NearCopy.Comparison[] all = compare(labels, copy);
                    double own = all[k].peak();
                    highestOwn = Math.max(highestOwn, own);
                    for (int j = 0; j < labels.size(); j++) {
                        if (j != k) {
                            lowestRatio = Math.min(lowestRatio, all[j].peak() / Math.max(own, 1e-9));
                        }
                    }
                    if (labels.size() > 1) {
                        lowestCopyNoise = Math.min(lowestCopyNoise, noiseExcess(all, k));
                    }
                    boolean refused = refused(all);
                    int[] kind = byKind.computeIfAbsent(geometry + "," + encodingName(quality), x -> new int[2]);
                    kind[0]++;
                    kind[1] += refused ? 1 : 0;
                    copiesTried++;
                    copiesRefused += refused ? 1 : 0;
                }
            }
        }
        int laterTried = 0;
        int laterRefused = 0;
        double lowestLater = Double.POSITIVE_INFINITY;
        double highestLaterNoise = Double.NEGATIVE_INFINITY;
        for (BufferedImage frame : later) {
            FrameAnalyzer.Accepted login = face(StillAttacks.jpeg(frame, PAGE_QUALITY));
            if (login == null) {
                continue;
            }
            NearCopy.Comparison[] all = compare(labels, login);
            laterTried++;
            laterRefused += refused(all) ? 1 : 0;
            for (int k = 0; k < all.length; k++) {
                lowestLater = Math.min(lowestLater, all[k].peak());
                if (all.length > 1) {
                    highestLaterNoise = Math.max(highestLaterNoise, noiseExcess(all, k));
                }
            }
        }
        return new Outcome(labels.size(), copiesTried, copiesRefused, highestOwn, lowestRatio, laterTried,
                laterRefused, lowestLater, copyDistance, lowestCopyNoise, highestLaterNoise, byKind);
    }
}

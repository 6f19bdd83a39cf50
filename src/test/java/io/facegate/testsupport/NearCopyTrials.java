package io.facegate.testsupport;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import io.facegate.account.LabelThumbnail;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.RgbImage;
import io.facegate.face.match.Descriptors;
import io.facegate.storedimage.LandmarkShape;
import io.facegate.storedimage.NearCopy;

/**
 * Near-duplicate trials on real faces, as {@code storedimage.StoredImages} decides them: an account's label
 * images, every copy of each label made with the transforms of issue 9 (and their combinations: {@link #COPIES}),
 * and the same person's later frames, each decided by {@link NearCopy#isCopy} from its peaks to a label and to the
 * account's other labels, for the labels whose face shape it could be a copy of ({@link LandmarkShape}). Shared by
 * {@code NearCopyTest} (asserts) and {@code bench.NearCopyFigures} (prints).
 */
public final class NearCopyTrials {

    /** The copies' geometry: as is, scaled ±10 %, 2 % cropped (half on each side), cropped and scaled. */
    public static final List<String> GEOMETRIES = List.of("as-is", "scale0.9", "scale1.1", "crop2%",
            "crop2%+scale0.9", "crop2%+scale1.1");
    /** The copies' encoding: PNG (0) or JPEG at these qualities (ImageIO's encoder). */
    public static final List<Float> QUALITIES = List.of(0f, 0.5f, 0.75f, 0.95f);
    /**
     * The copies a README-only tester found logging in with {@code LIVENESS=off} (issue 9): mirrored; a global
     * contrast (about mid-grey), gain, offset or gamma change of 2–10 %; the account page's thumbnail
     * ({@link LabelThumbnail}) scaled up to the label's size (bilinear or bicubic); a second tester: a 1–5 % resize
     * on one axis only, a 3 % shear, the thumbnail scaled up with a brightness and contrast change (also ImageMagick's
     * {@code -brightness-contrast}, whose clipping differs per channel); and combinations. Each is
     * tried as PNG and as JPEG 0.75 ({@link #TONE_QUALITIES}).
     */
    public static final List<String> SPECIES = List.of("mirror", "mirror+scale1.1", "mirror+crop2%",
            "contrast1.02", "contrast1.05", "contrast1.08", "contrast0.92", "gain1.08", "gain0.94", "offset15",
            "gamma0.9", "gamma1.1", "contrast1.05+mirror", "thumb", "thumbcubic", "thumb+scale0.9", "thumb+mirror",
            "thumb+contrast1.05", "width0.99", "width0.97", "height0.98", "shear0.03", "width0.95+mirror",
            "thumb+offset-13+contrast1.05", "thumbcubic+bc-5x5", "thumb+mirror+bc-10x10", "thumbcubic+bc-10x10",
            "bc-10x10", "mirror+bc-20x20");
    /** The encodings of {@link #SPECIES}: PNG (0) and JPEG 0.75. */
    public static final List<Float> TONE_QUALITIES = List.of(0f, 0.75f);

    /**
     * One copy: how it is made and its encoding.
     *
     * @param how     {@code +}-separated steps applied in turn ({@link #copy})
     * @param quality 0: PNG; else JPEG quality
     */
    public record Copy(String how, float quality) {

        /** @return whether it is made from the label's thumbnail (compared in the thumbnail stage) */
        public boolean fromThumbnail() {
            return how.startsWith("thumb");
        }
    }

    /**
     * Every copy tried of each label: {@link #GEOMETRIES} × {@link #QUALITIES}, {@link #SPECIES} × PNG, JPEG 0.75.
     */
    public static final List<Copy> COPIES = copies();

    private static List<Copy> copies() {
        List<Copy> all = new ArrayList<>();
        for (String geometry : GEOMETRIES) {
            for (float quality : QUALITIES) {
                all.add(new Copy(geometry, quality));
            }
        }
        for (String species : SPECIES) {
            for (float quality : TONE_QUALITIES) {
                all.add(new Copy(species, quality));
            }
        }
        return List.copyOf(all);
    }

    /** JPEG quality of the later frames: what the page's canvas sends ({@code camera.js}). */
    public static final float PAGE_QUALITY = 0.92f;

    /**
     * What the trials of one account gave. Peaks in grey levels; the fine stage's for copies of the label itself,
     * the thumbnail stage's for copies of its thumbnail.
     *
     * @param labels          label images with a face
     * @param copiesTried     copies with a face
     * @param copiesRefused   of them, refused
     * @param highestOwnPeak  highest fine peak of a copy of a label to that label
     * @param highestOwnThumb highest thumbnail peak of a copy of a label's thumbnail to that label
     * @param lowestRatio     lowest ratio of a copy's peak to another label of the account to its own peak (in the
     *                        copy's stage)
     * @param laterTried      later frames with a face
     * @param laterRefused    of them, refused
     * @param lowestLaterPeak lowest fine peak of a later frame to any label
     * @param lowestLaterThumb lowest thumbnail peak of a later frame to any label
     * @param copyDistance    largest descriptor distance of a copy to its label
     * @param missed          the copies not refused ({@code how/quality})
     * @param ownPeaks        per kind of copy ({@code how/quality}), its highest own peak in its stage
     * @param laterRatio      highest sibling ratio a later frame reached in a stage where its peak was below the
     *                        threshold (the frame's lowest peak to another label over its peak to that label; 0
     *                        when no peak was below a threshold; refused from {@link NearCopy#SIBLING_RATIO})
     */
    public record Outcome(int labels, int copiesTried, int copiesRefused, double highestOwnPeak,
                         double highestOwnThumb, double lowestRatio, int laterTried, int laterRefused,
                         double lowestLaterPeak, double lowestLaterThumb, double copyDistance, List<String> missed,
                         Map<String, Double> ownPeaks, double laterRatio) {
    }

    private final FrameAnalyzer analyzer;
    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
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

    /** @return the image flipped left to right */
    public static BufferedImage mirror(BufferedImage image) {
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }

    /**
     * @param image a picture
     * @param curve the new value (0–255, rounded and clamped) of each channel value 0–255
     * @return the picture with the curve applied to every channel
     */
    public static BufferedImage tone(BufferedImage image, java.util.function.DoubleUnaryOperator curve) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (int) Math.max(0, Math.min(255, Math.round(curve.applyAsDouble(v))));
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                out.setRGB(x, y, table[rgb >> 16 & 0xFF] << 16 | table[rgb >> 8 & 0xFF] << 8 | table[rgb & 0xFF]);
            }
        }
        return out;
    }

    /**
     * ImageMagick's {@code -brightness-contrast BxC} (its {@code BrightnessContrastImage}, as documented: the linear
     * map of slope {@code tan(π (C/100 + 1) / 4)} through the point set by B, on values 0–1), applied to each
     * channel and clipped to 0–255 there, so a dark pixel may lose its blue and keep its red.
     *
     * @param brightness B, −100…100
     * @param contrast   C, −100…100
     * @return the changed picture
     */
    public static BufferedImage brightnessContrast(BufferedImage image, double brightness, double contrast) {
        double slope = Math.max(0, Math.tan(Math.PI * (contrast / 100 + 1) / 4));
        double intercept = brightness / 100 + (100 - brightness) / 200 * (1 - slope);
        return tone(image, v -> 255 * (slope * v / 255 + intercept));
    }

    /**
     * @return the account page's thumbnail of the image ({@link LabelThumbnail}, made from its PNG as the server
     *         does), scaled back up to the image's size with the given interpolation
     */
    public static BufferedImage thumbnailScaledUp(BufferedImage image, Object interpolation) {
        BufferedImage thumb;
        try {
            thumb = ImageIO.read(new ByteArrayInputStream(LabelThumbnail.jpeg(FaceSamples.encode(image, "png"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scaledTo(thumb, image.getWidth(), image.getHeight(), interpolation);
    }

    /**
     * @param interpolation a {@link RenderingHints#KEY_INTERPOLATION} value
     * @return the picture drawn at {@code width×height} px with that interpolation
     */
    public static BufferedImage scaledTo(BufferedImage image, int width, int height, Object interpolation) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /**
     * @param label   the label image
     * @param how     {@code +}-separated steps, applied in turn: {@code as-is}, {@code scale<f>}, {@code crop2%},
     *                {@code mirror}, {@code contrast<g>} (about grey 128), {@code gain<g>}, {@code offset<n>}
     *                (levels), {@code gamma<g>}, {@code bc<b>x<c>} ({@link #brightnessContrast}), {@code thumb} / {@code thumbcubic} (the thumbnail scaled up,
     *                bilinear / bicubic)
     * @param quality 0: PNG; else JPEG quality
     * @return the copy's file bytes
     */
    public static byte[] copy(BufferedImage label, String how, float quality) {
        BufferedImage g = label;
        for (String step : how.split("\\+")) {
            g = step(g, step);
        }
        return quality == 0 ? FaceSamples.encode(g, "png") : StillAttacks.jpeg(g, quality);
    }

    private static BufferedImage step(BufferedImage g, String step) {
        if (step.equals("as-is")) {
            return g;
        } else if (step.equals("crop2%")) {
            return crop(g, 0.02);
        } else if (step.equals("mirror")) {
            return mirror(g);
        } else if (step.equals("thumb")) {
            return thumbnailScaledUp(g, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        } else if (step.equals("thumbcubic")) {
            return thumbnailScaledUp(g, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        } else if (step.startsWith("width")) {
            return affine(g, Double.parseDouble(step.substring(5)), 0, 1);
        } else if (step.startsWith("height")) {
            return affine(g, 1, 0, Double.parseDouble(step.substring(6)));
        } else if (step.startsWith("shear")) {
            return affine(g, 1, Double.parseDouble(step.substring(5)), 1);
        } else if (step.startsWith("scale")) {
            return LivenessClips.scale(g, Double.parseDouble(step.substring(5)));
        } else if (step.startsWith("contrast")) {
            double c = Double.parseDouble(step.substring(8));
            return tone(g, v -> 128 + c * (v - 128));
        } else if (step.startsWith("gain")) {
            double c = Double.parseDouble(step.substring(4));
            return tone(g, v -> c * v);
        } else if (step.startsWith("offset")) {
            double c = Double.parseDouble(step.substring(6));
            return tone(g, v -> v + c);
        } else if (step.startsWith("bc")) {
            String[] bc = step.substring(2).split("x");
            return brightnessContrast(g, Double.parseDouble(bc[0]), Double.parseDouble(bc[1]));
        } else if (step.startsWith("gamma")) {
            double c = Double.parseDouble(step.substring(5));
            return tone(g, v -> 255 * Math.pow(v / 255, c));
        }
        throw new IllegalArgumentException("No copy step " + step);
    }

    /**
     * @return the image under {@code (x, y) -> (sx x + shear y, sy y)} (bicubic), on a canvas of the mapped size
     */
    public static BufferedImage affine(BufferedImage image, double sx, double shear, double sy) {
        int w = (int) Math.round(image.getWidth() * sx + Math.abs(shear) * image.getHeight());
        int h = (int) Math.round(image.getHeight() * sy);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image, new AffineTransform(sx, 0, shear, sy, 0, 0), null);
        g.dispose();
        return out;
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

    private NearCopy.Peak peak(Stored label, NearCopy.Frame frame) {
        long t0 = cpu.getCurrentThreadCpuTime();
        NearCopy.Peak peak = NearCopy.peak(label.label(), frame);
        cpuNanos += cpu.getCurrentThreadCpuTime() - t0;
        comparisons++;
        return peak;
    }

    /** @return per label, whether the frame's face shape could be a copy of it (with the analyzer's pipeline) */
    private boolean[] shapes(List<Stored> labels, FrameAnalyzer.Accepted frame) {
        Pipeline pipeline = Pipeline.SERVER.version().equals(analyzer.pipelineVersion()) ? Pipeline.SERVER
                : Pipeline.FACEAPI;
        boolean[] shapes = new boolean[labels.size()];
        for (int k = 0; k < shapes.length; k++) {
            shapes[k] = LandmarkShape.couldBeCopy(labels.get(k).label().landmarks(), frame.face().landmarks(), pipeline);
        }
        return shapes;
    }

    /** @return the frame's peaks to each label (its planes made once for all, as {@code StoredImages} does) */
    private NearCopy.Peak[] peaks(List<Stored> labels, FrameAnalyzer.Accepted frame) {
        NearCopy.Peak[] peaks = new NearCopy.Peak[labels.size()];
        NearCopy.Frame planes = new NearCopy.Frame(frame.image(), frame.face().landmarks());
        for (int k = 0; k < labels.size(); k++) {
            peaks[k] = peak(labels.get(k), planes);
        }
        return peaks;
    }

    /**
     * @return over the labels whose peak of this kind is below the threshold, the highest ratio of the lowest peak
     *         to another label to that peak (0 when none is below)
     */
    private static double siblingRatio(NearCopy.Peak[] peaks, ToDoubleFunction<NearCopy.Peak> stage,
                                       double threshold) {
        double highest = 0;
        for (int k = 0; k < peaks.length; k++) {
            double own = stage.applyAsDouble(peaks[k]);
            if (!(own < threshold)) {
                continue;
            }
            double lowest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < peaks.length; j++) {
                if (j != k) {
                    lowest = Math.min(lowest, stage.applyAsDouble(peaks[j]));
                }
            }
            highest = Math.max(highest, lowest / Math.max(own, 1e-9));
        }
        return highest;
    }

    /**
     * @param shapes per label, whether the frame's face shape could be a copy of it ({@link LandmarkShape}: as
     *               {@code StoredImages}, only those are compared; the other labels still count as siblings)
     * @return whether {@link NearCopy#isCopy} refuses a frame with these peaks to an account's labels
     */
    private static boolean refused(NearCopy.Peak[] peaks, boolean[] shapes) {
        for (int k = 0; k < peaks.length; k++) {
            if (!shapes[k]) {
                continue;
            }
            NearCopy.Peak[] siblings = new NearCopy.Peak[peaks.length - 1];
            for (int j = 0, i = 0; j < peaks.length; j++) {
                if (j != k) {
                    siblings[i++] = peaks[j];
                }
            }
            if (NearCopy.isCopy(peaks[k], siblings)) {
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
            byte[] png = FaceSamples.encode(image, "png");
            FrameAnalyzer.Accepted a = face(png);
            if (a != null) {
                RgbImage thumbnail = decoder.decode(LabelThumbnail.jpeg(png));
                labels.add(new Stored(NearCopy.Label.of(a.image(), a.face().landmarks(), thumbnail),
                        a.face().descriptor()));
                images.add(image);
            }
        }
        int copiesTried = 0;
        int copiesRefused = 0;
        double highestOwn = 0;
        double highestOwnThumb = 0;
        double lowestRatio = Double.POSITIVE_INFINITY;
        double copyDistance = 0;
        List<String> missed = new ArrayList<>();
        Map<String, Double> ownPeaks = new TreeMap<>();
        for (int k = 0; k < labels.size(); k++) {
            for (Copy made : COPIES) {
                FrameAnalyzer.Accepted copy = face(copy(images.get(k), made.how(), made.quality()));
                if (copy == null) {
                    continue; // a crop that cuts the face: nothing to log in with
                }
                copyDistance = Math.max(copyDistance, Descriptors.distance(labels.get(k).descriptor(),
                        copy.face().descriptor()));
                NearCopy.Peak[] peaks = peaks(labels, copy);
                ToDoubleFunction<NearCopy.Peak> stage = made.fromThumbnail() ? NearCopy.Peak::thumb
                        : NearCopy.Peak::fine;
                double own = stage.applyAsDouble(peaks[k]);
                if (made.fromThumbnail()) {
                    highestOwnThumb = Math.max(highestOwnThumb, own);
                } else {
                    highestOwn = Math.max(highestOwn, own);
                }
                for (int j = 0; j < labels.size(); j++) {
                    if (j != k) {
                        lowestRatio = Math.min(lowestRatio, stage.applyAsDouble(peaks[j]) / Math.max(own, 1e-9));
                    }
                }
                ownPeaks.merge(made.how() + "/" + made.quality(), own, Math::max);
                copiesTried++;
                if (refused(peaks, shapes(labels, copy))) {
                    copiesRefused++;
                } else {
                    missed.add(made.how() + "/" + made.quality());
                }
            }
        }
        int laterTried = 0;
        int laterRefused = 0;
        double lowestLater = Double.POSITIVE_INFINITY;
        double lowestLaterThumb = Double.POSITIVE_INFINITY;
        double laterRatio = 0;
        for (BufferedImage frame : later) {
            FrameAnalyzer.Accepted login = face(StillAttacks.jpeg(frame, PAGE_QUALITY));
            if (login == null) {
                continue;
            }
            NearCopy.Peak[] peaks = peaks(labels, login);
            laterTried++;
            laterRefused += refused(peaks, shapes(labels, login)) ? 1 : 0;
            for (NearCopy.Peak peak : peaks) {
                lowestLater = Math.min(lowestLater, peak.fine());
                lowestLaterThumb = Math.min(lowestLaterThumb, peak.thumb());
            }
            laterRatio = Math.max(laterRatio, siblingRatio(peaks, NearCopy.Peak::fine, NearCopy.THRESHOLD));
            laterRatio = Math.max(laterRatio, siblingRatio(peaks, NearCopy.Peak::thumb, NearCopy.THUMB_THRESHOLD));
        }
        return new Outcome(labels.size(), copiesTried, copiesRefused, highestOwn, highestOwnThumb, lowestRatio,
                laterTried, laterRefused, lowestLater, lowestLaterThumb, copyDistance, List.copyOf(missed), ownPeaks,
                laterRatio);
    }
}

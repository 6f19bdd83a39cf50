package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.storedimage.LandmarkShape;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.NearCopyTrials;
import io.facegate.testsupport.StillAttacks;

/**
 * The figures behind {@link LandmarkShape#SERVER_BOUND} and {@link LandmarkShape#FACEAPI_BOUND} (README <i>Challenge answers per second</i>): for the label
 * images of the accounts {@code bench.NearCopyFigures} uses (the shared clips, LFW images, the test photos), the
 * largest landmark-shape residual of any copy in {@link NearCopyTrials#COPIES} to its own label, per kind of copy;
 * and for the same person's later frames, the smallest residual to any label and how many are beyond the bound
 * (frames the stored-image comparison skips). With the server pipeline (the login's) and face-api.js's. Run after
 * {@code mvn -o -q test-compile -Dexec.skip=true}, with the shared data and the parity reference:
 * {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.facegate.bench.CopyShapeFigures"}.
 */
public final class CopyShapeFigures {

    private CopyShapeFigures() {
    }

    /**
     * @param args optional: {@code server} or {@code faceapi} for one pipeline only
     * @throws Exception when a picture cannot be read
     */
    public static void main(String[] args) throws Exception {
        try (FaceEngine engine = FaceEngine.load(FaceApiReference.models(), 2)) {
            for (Pipeline pipeline : Pipeline.values()) {
                if (args.length > 0 && !pipeline.name().equalsIgnoreCase(args[0])) {
                    continue;
                }
                FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                        new AnalysisOptions(DetectorKind.TINY, 416, 0.5, pipeline), FrameAnalyzer.Rules.DEFAULT);
                System.out.println("== pipeline " + pipeline + ", bound " + LandmarkShape.bound(pipeline));
                run(analyzer, LandmarkShape.bound(pipeline));
            }
        }
    }

    private static void run(FrameAnalyzer analyzer, double bound) throws Exception {
        Map<String, Double> worst = new TreeMap<>();
        List<BufferedImage> blink = LivenessClips.blink(2, 100);
        account(analyzer, "blink clip 2 fps: setup 0/1/2 s, later 3-14 s", NearCopyTrials.pick(blink, 0, 5, 2),
                NearCopyTrials.pick(blink, 6, 999, 1), worst, bound);
        List<BufferedImage> head = LivenessClips.headTurn(2);
        account(analyzer, "head-turn clip x2: setup frames 0/3/6, later 8-87", NearCopyTrials.pick(head, 0, 7, 3),
                NearCopyTrials.pick(head, 8, 999, 1), worst, bound);
        List<BufferedImage> answer = new ArrayList<>();
        for (int i : ChallengeFrameCost.ANSWER) {
            answer.add(head.get(i));
        }
        account(analyzer, "head-turn clip x2: labels 0/30/57, the bench's 24-frame answer",
                List.of(head.get(0), head.get(30), head.get(57)), answer, worst, bound);
        String[] lfw = {"Aaron_Eckhart/Aaron_Eckhart_0001.jpg", "AJ_Lamas/AJ_Lamas_0001.jpg",
            "Aaron_Guiel/Aaron_Guiel_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0001.jpg"};
        for (String file : lfw) {
            BufferedImage image = ImageIO.read(LivenessClips.dataDir().resolve("lfw/images").resolve(file).toFile());
            account(analyzer, "LFW " + file.substring(0, file.indexOf('/')) + " x1.92, one label",
                    List.of(LivenessClips.scale(image, 1.92)), List.of(), worst, bound);
        }
        for (FaceSamples.Person person : FaceSamples.distinctPeople(3, 0.8)) {
            List<BufferedImage> shots = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                shots.add(ImageIO.read(new ByteArrayInputStream(person.shot(n))));
            }
            account(analyzer, "test photo " + person.label() + ", still shots 0-2, later 3-7", shots.subList(0, 3),
                    shots.subList(3, 8), worst, bound);
        }
        System.out.println("  highest residual of a copy to its label, per kind (highest first): "
                + worst.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue())).toList());
    }

    private static FaceLandmarks landmarks(FrameAnalyzer analyzer, byte[] bytes) {
        return analyzer.analyze(bytes) instanceof FrameAnalyzer.Accepted a ? a.face().landmarks() : null;
    }

    private static void account(FrameAnalyzer analyzer, String name, List<BufferedImage> setup,
                                List<BufferedImage> later, Map<String, Double> worst, double bound) {
        List<FaceLandmarks> labels = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (BufferedImage image : setup) {
            FaceLandmarks l = landmarks(analyzer, FaceSamples.encode(image, "png"));
            if (l != null) {
                labels.add(l);
                images.add(image);
            }
        }
        double highest = 0;
        int copies = 0;
        for (int k = 0; k < labels.size(); k++) {
            for (NearCopyTrials.Copy made : NearCopyTrials.COPIES) {
                FaceLandmarks copy = landmarks(analyzer, NearCopyTrials.copy(images.get(k), made.how(),
                        made.quality()));
                if (copy == null) {
                    continue;
                }
                double r = LandmarkShape.residual(labels.get(k), copy);
                highest = Math.max(highest, r);
                worst.merge(made.how() + "/" + made.quality(), r, Math::max);
                copies++;
            }
        }
        int frames = 0;
        int beyond = 0;
        double lowest = Double.POSITIVE_INFINITY;
        List<String> each = new ArrayList<>();
        for (BufferedImage frame : later) {
            FaceLandmarks f = landmarks(analyzer, StillAttacks.jpeg(frame, NearCopyTrials.PAGE_QUALITY));
            if (f == null) {
                continue;
            }
            double nearest = Double.POSITIVE_INFINITY;
            for (FaceLandmarks label : labels) {
                nearest = Math.min(nearest, LandmarkShape.residual(label, f));
            }
            frames++;
            beyond += nearest > bound ? 1 : 0;
            lowest = Math.min(lowest, nearest);
            each.add(String.format(Locale.ROOT, "%.3f", nearest));
        }
        System.out.printf(Locale.ROOT, "%-62s %d label(s): %4d copies, residual to own label <= %.4f; later frames"
                + " %d, nearest residual >= %s, beyond the bound (not compared) %d%n", name, labels.size(), copies,
                highest, frames, frames == 0 ? "-" : String.format(Locale.ROOT, "%.4f", lowest), beyond);
        if (frames > 0) {
            System.out.println("    later frames' residual to the nearest label: " + each);
        }
    }
}

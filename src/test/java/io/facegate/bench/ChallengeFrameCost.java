package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Box;
import io.facegate.face.Detection;
import io.facegate.face.DetectorBudget;
import io.facegate.face.DetectorKind;
import io.facegate.face.Face;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.account.LabelThumbnail;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.RgbImage;
import io.facegate.face.landmarks.LandmarkBox;
import io.facegate.face.weights.ModelSource;
import io.facegate.liveness.ChallengeAction;
import io.facegate.liveness.LivenessCheck;
import io.facegate.liveness.LivenessGate;
import io.facegate.liveness.LivenessRules;
import io.facegate.liveness.SceneSample;
import io.facegate.storedimage.LandmarkShape;
import io.facegate.storedimage.NearCopy;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;

/**
 * CPU time per frame of each stage of a challenge answer's analysis, on one genuine answer of the shared head-turn
 * clip (24 frames: still, a turn to the left, still, a turn to the right, still; enlarged ×2 and sent as JPEG 0.9, as
 * the load run sends them). The networks run with one ONNX Runtime thread on the measuring thread, so the thread's
 * CPU time is the stage's whole cost. Stages: decode; the server pipeline's detection (the picture, then the
 * picture zoomed out: {@code detect server}) against the picture alone ({@code detect picture}); first landmarks;
 * a tracked frame's detection ({@link FaceEngine#detectTracked}: the picture, then the guard look), checked to equal
 * the full one; the second landmark pass (box rebuilt, with its mirror); the aligned descriptor (chip and mirrored chip); the
 * scene sample; the stored-image comparison with 3 label images of the person, every frame (the frame's planes made
 * once for the 3 labels, as the login does, and made again for each label) and only the frames whose face shape
 * could be a copy of a label ({@code storedimage.LandmarkShape}, as the login does); the liveness
 * checks on the answer;
 * and the whole {@link FrameAnalyzer#analyze} and {@link LivenessGate#examine}. Prints one line per stage (median
 * and mean ms per frame over the runs). Run (after {@code mvn -o -q test-compile -Dexec.skip=true}, with the shared
 * data): {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.facegate.bench.ChallengeFrameCost 5"} (the argument: runs over the answer,
 * default 5, after one warm-up run); README, <i>Load run</i>, has the figures.
 */
public final class ChallengeFrameCost {

    /** Clip frames of the answer, in order (24, the load run's answer length). */
    static final int[] ANSWER = {0, 1, 2, 3, 6, 9, 12, 15, 16, 28, 17, 20, 23, 26, 29, 30, 31, 32, 46, 56, 58, 59,
            60, 72};

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ChallengeFrameCost() {
    }

    /**
     * @param args optional number of measured runs over the answer (default 5)
     * @throws Exception when the models or the clip cannot be read
     */
    public static void main(String[] args) throws Exception {
        LivenessClips.assumePresent();
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        List<byte[]> frames = new ArrayList<>();
        for (int i : ANSWER) {
            frames.add(StillAttacks.jpeg(clip.get(i), 0.9f));
        }
        AnalysisOptions server = new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER);
        AnalysisOptions picture = new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.FACEAPI);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        try (FaceEngine engine = FaceEngine.load(ModelSource.classpath(), 1)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(decoder, engine, server, FrameAnalyzer.Rules.DEFAULT);
            List<NearCopy.Label> labels = new ArrayList<>();
            List<FaceLandmarks> labelShapes = new ArrayList<>();
            for (int i : new int[] {0, 30, 57}) {
                byte[] label = StillAttacks.jpeg(FaceSamples.shot(clip.get(i), i), 0.9f);
                if (analyzer.analyze(label) instanceof FrameAnalyzer.Accepted a) {
                    labels.add(NearCopy.Label.of(a.image(), a.face().landmarks(),
                            decoder.decode(LabelThumbnail.jpeg(label))));
                    labelShapes.add(a.face().landmarks());
                }
            }
            LivenessRules rules = LivenessRules.DEFAULT;
            LivenessCheck check = new LivenessCheck(rules);
            LivenessGate gate = new LivenessGate(analyzer, check, rules);
            List<ChallengeAction> actions = List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);
            Stages stages = new Stages();
            for (int run = 0; run <= runs; run++) {
                boolean measured = run > 0;
                List<Face> faces = new ArrayList<>();
                for (byte[] jpeg : frames) {
                    RgbImage image = stages.time("decode", measured, () -> decoder.decode(jpeg));
                    List<Detection> found = stages.time("detect server (picture + zoomed out)", measured,
                            () -> engine.detect(image, server));
                    stages.time("  of which detect picture", measured, () -> engine.detect(image, picture));
                    Box previous = faces.isEmpty() ? null : faces.get(faces.size() - 1).detection().box();
                    List<Detection> tracked = stages.time("detect tracked (picture + guard look)", measured,
                            () -> engine.detectTracked(image, server, DetectorBudget.unlimited(), previous));
                    if (previous != null && !tracked.equals(found)) {
                        System.out.println("tracked detection differs from the full one: " + tracked + " vs " + found);
                    }
                    Box box = found.get(0).box();
                    FaceLandmarks first = stages.time("landmarks, first pass", measured,
                            () -> engine.landmarker().landmarks(image, box));
                    FaceLandmarks refined = stages.time("landmarks, second pass + mirror", measured,
                            () -> engine.landmarker().landmarksInSquare(image, LandmarkBox.around(first), true));
                    stages.time("descriptor, aligned chip + mirror", measured,
                            () -> engine.recognizer().describeAligned(image, refined));
                    Face face = stages.time("FrameAnalyzer.analyze (decode to face)", measured,
                            () -> ((FrameAnalyzer.Accepted) analyzer.analyze(jpeg)).face());
                    faces.add(face);
                    stages.time("scene sample", measured, () -> SceneSample.of(image, face.detection().box()));
                    stages.time("stored-image peaks, 3 labels, planes per label", measured, () -> {
                        double min = Double.POSITIVE_INFINITY;
                        for (NearCopy.Label l : labels) {
                            min = Math.min(min, NearCopy.peak(l, image, face.landmarks()).fine());
                        }
                        return min;
                    });
                    stages.time("stored-image peaks, 3 labels", measured, () -> {
                        double min = Double.POSITIVE_INFINITY;
                        NearCopy.Frame planes = new NearCopy.Frame(image, face.landmarks());
                        for (NearCopy.Label l : labels) {
                            min = Math.min(min, NearCopy.peak(l, planes).fine());
                        }
                        return min;
                    });
                    stages.time("stored-image peaks, 3 labels, shape-gated", measured, () -> {
                        double min = Double.POSITIVE_INFINITY;
                        NearCopy.Frame planes = new NearCopy.Frame(image, face.landmarks());
                        for (int k = 0; k < labels.size(); k++) {
                            if (LandmarkShape.couldBeCopy(labelShapes.get(k), face.landmarks(), Pipeline.SERVER)) {
                                min = Math.min(min, NearCopy.peak(labels.get(k), planes).fine());
                            }
                        }
                        return min;
                    });
                }
                stages.timeAnswer("liveness checks (per frame of the answer)", measured, frames.size(),
                        () -> check.check(faces, actions));
                long[] times = new long[frames.size()];
                for (int i = 0; i < times.length; i++) {
                    times[i] = 100L + 300L * i;
                }
                stages.timeAnswer("LivenessGate.examine (per frame of the answer)", measured, frames.size(),
                        () -> gate.examine(frames, times, new io.facegate.liveness.Challenge("n", actions,
                                java.time.Instant.now().plusSeconds(60), java.time.Instant.now(), List.of())));
            }
            System.out.printf("CPU ms per frame (thread CPU time, 1 ONNX Runtime thread), %d frames x %d runs%n",
                    frames.size(), runs);
            stages.print();
        }
    }

    /** Per stage, the CPU ms of each measured call. */
    private static final class Stages {
        private final java.util.Map<String, List<Double>> ms = new java.util.LinkedHashMap<>();

        <T> T time(String stage, boolean measured, Supplier<T> work) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            T out = work.get();
            long t1 = THREADS.getCurrentThreadCpuTime();
            if (measured) {
                ms.computeIfAbsent(stage, s -> new ArrayList<>()).add((t1 - t0) / 1e6);
            }
            return out;
        }

        void timeAnswer(String stage, boolean measured, int frames, Supplier<?> work) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            work.get();
            long t1 = THREADS.getCurrentThreadCpuTime();
            if (measured) {
                ms.computeIfAbsent(stage, s -> new ArrayList<>()).add((t1 - t0) / 1e6 / frames);
            }
        }

        void print() {
            for (java.util.Map.Entry<String, List<Double>> e : ms.entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double mean = java.util.Arrays.stream(v).average().orElse(0);
                System.out.printf("%-48s median %6.2f  mean %6.2f ms%n", e.getKey(), v[v.length / 2], mean);
            }
        }
    }
}

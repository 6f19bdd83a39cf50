package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Box;
import io.facegate.face.Detection;
import io.facegate.face.DetectorBudget;
import io.facegate.face.DetectorKind;
import io.facegate.face.FaceEngine;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.account.LabelThumbnail;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;
import io.facegate.liveness.Challenge;
import io.facegate.liveness.ChallengeAction;
import io.facegate.liveness.LivenessCheck;
import io.facegate.liveness.LivenessGate;
import io.facegate.liveness.LivenessRules;
import io.facegate.storedimage.NearCopy;
import io.facegate.testsupport.FaceSamples;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;

/**
 * The hot path of a challenge answer, on the shared head-turn clip's 24-frame answer ({@link ChallengeFrameCost#ANSWER};
 * one ONNX Runtime thread): a frame's full server detection against a tracked frame's
 * ({@link FaceEngine#detectTracked}), the stored-image comparison of a frame with 3 label images, and a whole
 * answer through {@link LivenessGate#examine}. Average time per operation (ms); {@link ChallengeFrameCost} prints
 * the CPU time of every stage instead. Run (after {@code mvn -o -q test-compile -Dexec.skip=true}, with the shared
 * data): {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main ChallengeFrame"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class ChallengeFrameBenchmark {

    private static final AnalysisOptions SERVER = new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER);

    private FaceEngine engine;
    private final List<byte[]> jpegs = new ArrayList<>();
    private final List<RgbImage> images = new ArrayList<>();
    private final List<Box> previous = new ArrayList<>();
    private final List<FrameAnalyzer.Accepted> analysed = new ArrayList<>();
    private final List<NearCopy.Label> labels = new ArrayList<>();
    private LivenessGate gate;
    private Challenge challenge;
    private long[] times;
    private int next;

    /** Loads the engine, the clip's answer and 3 label images of the person. */
    @Setup(Level.Trial)
    public void load() {
        LivenessClips.assumePresent();
        engine = FaceEngine.load(ModelSource.classpath(), 1);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        FrameAnalyzer analyzer = new FrameAnalyzer(decoder, engine, SERVER, FrameAnalyzer.Rules.DEFAULT);
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        Box last = null;
        for (int i : ChallengeFrameCost.ANSWER) {
            byte[] jpeg = StillAttacks.jpeg(clip.get(i), 0.9f);
            FrameAnalyzer.Accepted a = (FrameAnalyzer.Accepted) analyzer.analyze(jpeg);
            jpegs.add(jpeg);
            images.add(a.image());
            analysed.add(a);
            previous.add(last);
            last = a.face().detection().box();
        }
        for (int i : new int[] {1, 15, 17}) {
            byte[] label = StillAttacks.jpeg(FaceSamples.shot(clip.get(i), i), 0.9f);
            if (analyzer.analyze(label) instanceof FrameAnalyzer.Accepted a) {
                labels.add(NearCopy.Label.of(a.image(), a.face().landmarks(),
                        decoder.decode(LabelThumbnail.jpeg(label))));
            }
        }
        LivenessRules rules = LivenessRules.DEFAULT;
        gate = new LivenessGate(analyzer, new LivenessCheck(rules), rules);
        challenge = new Challenge("n", List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT),
                Instant.now().plusSeconds(3600), Instant.now(), List.of());
        times = new long[jpegs.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = 100L + 300L * i;
        }
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }

    private int frame() {
        next = (next + 1) % images.size();
        return next == 0 ? 1 : next; // frames after the first: each has a previous face to track
    }

    /** @return a frame's detections, full server detection (the picture and the zoomed-out look) */
    @Benchmark
    public List<Detection> fullDetection() {
        return engine.detect(images.get(frame()), SERVER);
    }

    /** @return the same frame's detections as a tracked frame (the picture and the guard look) */
    @Benchmark
    public List<Detection> trackedDetection() {
        int i = frame();
        return engine.detectTracked(images.get(i), SERVER, DetectorBudget.unlimited(), previous.get(i));
    }

    /** @return the lowest near-copy peak of a frame against the 3 label images */
    @Benchmark
    public double storedImagePeaks() {
        FrameAnalyzer.Accepted a = analysed.get(frame());
        double min = Double.MAX_VALUE;
        NearCopy.Frame planes = new NearCopy.Frame(a.image(), a.face().landmarks()); // as StoredImages does
        for (NearCopy.Label l : labels) {
            min = Math.min(min, NearCopy.peak(l, planes).fine());
        }
        return min;
    }

    /** @return the verdict on the whole 24-frame answer (decode, tracked analysis, checks; no stored images) */
    @Benchmark
    public LivenessCheck.Verdict wholeAnswer() {
        return gate.examine(jpegs, times, challenge);
    }
}

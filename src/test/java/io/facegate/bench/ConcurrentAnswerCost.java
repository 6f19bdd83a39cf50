package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.DetectorKind;
import io.facegate.face.FaceEngine;
import io.facegate.face.FrameAnalyzer;
import io.facegate.face.Pipeline;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.weights.ModelSource;
import io.facegate.liveness.Challenge;
import io.facegate.liveness.ChallengeAction;
import io.facegate.liveness.LivenessCheck;
import io.facegate.liveness.LivenessGate;
import io.facegate.liveness.LivenessRules;
import io.facegate.testsupport.LivenessClips;
import io.facegate.testsupport.StillAttacks;

/**
 * The process's CPU time per challenge answer when answers arrive faster than they are analysed, without HTTP:
 * {@code clients} threads each send the 24-frame answer of {@link ChallengeFrameCost#ANSWER} to one
 * {@link LivenessGate} (which analyses one answer per processor at a time) until {@code answers} answers are done,
 * with the engine's ONNX Runtime sessions on {@code threads} threads per run ({@code FACE_THREADS}). Prints the
 * process CPU (user + system, every thread: ONNX Runtime's pool, JIT, GC) per answer after a warm-up of 2 answers per
 * client, and the wall time. Run after {@code mvn -o -q test-compile -Dexec.skip=true}, with the shared data:
 * {@code java -cp target/test-classes:target/classes:<test classpath> io.facegate.bench.ConcurrentAnswerCost
 * THREADS CLIENTS ANSWERS} (e.g. {@code 2 8 40} and {@code 1 8 40}).
 */
public final class ConcurrentAnswerCost {

    private ConcurrentAnswerCost() {
    }

    /**
     * @param args ONNX Runtime threads per run (default 2), concurrent clients (8), measured answers (40)
     * @throws Exception when the clip or the models cannot be read
     */
    public static void main(String[] args) throws Exception {
        LivenessClips.assumePresent();
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int answers = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        List<BufferedImage> clip = LivenessClips.headTurn(2);
        List<byte[]> frames = new ArrayList<>();
        for (int i : ChallengeFrameCost.ANSWER) {
            frames.add(StillAttacks.jpeg(clip.get(i), 0.9f));
        }
        long[] times = new long[frames.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = 100L + 300L * i;
        }
        List<ChallengeAction> actions = List.of(ChallengeAction.TURN_LEFT, ChallengeAction.TURN_RIGHT);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (FaceEngine engine = FaceEngine.load(ModelSource.classpath(), threads)) {
            FrameAnalyzer analyzer = new FrameAnalyzer(new ImageDecoder(DecodeLimits.defaults()), engine,
                    new AnalysisOptions(DetectorKind.TINY, 416, 0.5, Pipeline.SERVER), FrameAnalyzer.Rules.DEFAULT);
            LivenessGate gate = new LivenessGate(analyzer, new LivenessCheck(LivenessRules.DEFAULT),
                    LivenessRules.DEFAULT);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                for (int round = 0; round < 2; round++) {
                    int count = round == 0 ? 2 * clients : answers;
                    long cpu0 = os.getProcessCpuTime();
                    long wall0 = System.nanoTime();
                    List<Future<Boolean>> done = new ArrayList<>();
                    for (int n = 0; n < count; n++) {
                        done.add(pool.submit(() -> gate.examine(frames, times, new Challenge("n", actions,
                                Instant.now().plusSeconds(60), Instant.now(), List.of())).live()));
                    }
                    int live = 0;
                    for (Future<Boolean> f : done) {
                        live += f.get() ? 1 : 0;
                    }
                    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                    double wall = (System.nanoTime() - wall0) / 1e9;
                    System.out.printf(Locale.ROOT, "%s: FACE_THREADS=%d, %d clients, %d answers (%d live): process"
                            + " CPU %.3f s per answer, wall %.1f s (%.2f answers/s), load %.1f%n",
                            round == 0 ? "warm-up" : "measured", threads, clients, count, live, cpu / count, wall,
                            count / wall, os.getSystemLoadAverage());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

package io.facegate.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.facegate.face.Detection;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchmark [IMG...]}: times the engine the way {@code scripts/faceapi-benchmark.mjs} times face-api.js,
 * so the two can be compared side by side.
 *
 * <ol>
 *   <li>Decode each image {@code --runs} times (ms per image).</li>
 *   <li>Warm-up: {@code --warmup} whole-pipeline passes per image, not measured.</li>
 *   <li>Per stage, {@code --runs} passes per image: detect; landmarks of every face; descriptor of every face
 *       (ms per image, all faces of the image together); then the whole pipeline ({@link FaceAnalyzer#analyze}).
 *       Median and p95 ({@link Stats}).</li>
 *   <li>Throughput: {@code runs × images} whole-pipeline calls on 1 thread, then on {@code --threads} threads;
 *       faces/s and images/s of wall time.</li>
 * </ol>
 * Without images a generated 640×480 test pattern is used (no face: it times the detector only).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Time decode, detection, landmarks, descriptors and the whole pipeline (median, p95), and faces/s on 1 and N threads.")
final class BenchmarkCommand extends EngineCommand {

    @Parameters(arity = "0..*", paramLabel = "IMG", description = "Images to time (default: a generated 640x480 pattern).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "Unmeasured passes per image first. Default: 3.")
    int warmup;

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N", description = "Measured passes per image. Default: 10.")
    int runs;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    BenchmarkCommand(FaceAnalyzer.Factory analyzers, ImageDecoder decoder) {
        super(analyzers, decoder);
    }

    /** Timings of one benchmark: stage name → stats (ms), and throughput. */
    record Result(List<String> images, int facesPerPass, Map<String, Stats> stages, double facesPerSecond1,
                  double imagesPerSecond1, int threads, double facesPerSecondN, double imagesPerSecondN) {
    }

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        DetectorSettings settings = engine.settings();
        int threads = engine.threads();
        if (warmup < 0 || runs < 1) {
            throw new CliException("--warmup must be 0 or more and --runs 1 or more.");
        }
        List<String> names = new ArrayList<>();
        List<RgbImage> decoded = new ArrayList<>();
        double[] decodeMs = new double[Math.max(1, images.size() * runs)];
        if (images.isEmpty()) {
            err().println("No images given: timing a generated 640x480 pattern (no face, so the detector only).");
            decoded.add(testPattern(640, 480));
            names.add("pattern-640x480");
        } else {
            int k = 0;
            for (Path file : images) {
                RgbImage image = null;
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    image = load(file);
                    decodeMs[k++] = ms(t0);
                }
                decoded.add(image);
                names.add(file.toString());
            }
        }
        Result result;
        try (FaceAnalyzer analyzer = openAnalyzer()) {
            for (int w = 0; w < warmup; w++) {
                for (RgbImage image : decoded) {
                    analyzer.analyze(image, settings);
                }
            }
            int n = decoded.size() * runs;
            double[] detect = new double[n];
            double[] landmarks = new double[n];
            double[] descriptors = new double[n];
            double[] pipeline = new double[n];
            int facesPerPass = 0;
            int k = 0;
            long faces1 = 0;
            double pipelineTotal = 0;
            for (int r = 0; r < runs; r++) {
                for (RgbImage image : decoded) {
                    long t0 = System.nanoTime();
                    List<Detection> detections = analyzer.detect(image, settings);
                    long t1 = System.nanoTime();
                    List<FaceLandmarks> marks = new ArrayList<>();
                    for (Detection d : detections) {
                        marks.add(analyzer.landmarks(image, d));
                    }
                    long t2 = System.nanoTime();
                    for (FaceLandmarks m : marks) {
                        analyzer.descriptor(image, m);
                    }
                    long t3 = System.nanoTime();
                    int faces = analyzer.analyze(image, settings).size();
                    long t4 = System.nanoTime();
                    detect[k] = (t1 - t0) / 1e6;
                    landmarks[k] = (t2 - t1) / 1e6;
                    descriptors[k] = (t3 - t2) / 1e6;
                    pipeline[k] = (t4 - t3) / 1e6;
                    pipelineTotal += pipeline[k];
                    faces1 += faces;
                    k++;
                    if (r == 0) {
                        facesPerPass += faces;
                    }
                }
            }
            Map<String, Stats> stages = new LinkedHashMap<>();
            if (!images.isEmpty()) {
                stages.put("decode", Stats.of(decodeMs));
            }
            stages.put("detect", Stats.of(detect));
            stages.put("landmarks", Stats.of(landmarks));
            stages.put("descriptors", Stats.of(descriptors));
            stages.put("pipeline", Stats.of(pipeline));
            double seconds1 = pipelineTotal / 1000;

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long facesN = 0;
            double secondsN;
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int r = 0; r < runs; r++) {
                    for (RgbImage image : decoded) {
                        futures.add(pool.submit(() -> analyzer.analyze(image, settings).size()));
                    }
                }
                for (Future<Integer> f : futures) {
                    facesN += f.get();
                }
                secondsN = ms(t0) / 1000;
            } finally {
                pool.shutdownNow();
            }
            result = new Result(names, facesPerPass, stages, faces1 / seconds1, n / seconds1, threads,
                    facesN / secondsN, n / secondsN);
        }
        print(result, settings);
        return 0;
    }

    private void print(Result r, DetectorSettings s) {
        var o = out();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("images", r.images());
            m.put("detector", s.detector().name().toLowerCase(Locale.ROOT));
            m.put("inputSize", s.inputSize());
            m.put("minScore", s.minScore());
            m.put("warmup", warmup);
            m.put("runs", runs);
            m.put("facesPerPass", r.facesPerPass());
            Map<String, Object> stages = new LinkedHashMap<>();
            r.stages().forEach((name, st) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("medianMs", st.median());
                e.put("p95Ms", st.p95());
                stages.put(name, e);
            });
            m.put("stages", stages);
            m.put("facesPerSecond1Thread", r.facesPerSecond1());
            m.put("imagesPerSecond1Thread", r.imagesPerSecond1());
            m.put("threads", r.threads());
            m.put("facesPerSecondNThreads", r.facesPerSecondN());
            m.put("imagesPerSecondNThreads", r.imagesPerSecondN());
            o.println(JsonOutput.write(m));
        } else {
            o.printf(Locale.ROOT, "benchmark: %d image(s), detector %s %d, min score %.2f; %d warm-up + %d measured"
                            + " passes; %d face(s) per pass%n", r.images().size(),
                    s.detector().name().toLowerCase(Locale.ROOT), s.inputSize(), s.minScore(), warmup, runs,
                    r.facesPerPass());
            o.printf(Locale.ROOT, "%-12s %10s %10s%n", "stage", "median ms", "p95 ms");
            r.stages().forEach((name, st) -> o.printf(Locale.ROOT, "%-12s %10.1f %10.1f%n", name, st.median(), st.p95()));
            o.printf(Locale.ROOT, "throughput: 1 thread %.1f faces/s (%.1f images/s); %d threads %.1f faces/s"
                            + " (%.1f images/s)%n", r.facesPerSecond1(), r.imagesPerSecond1(), r.threads(),
                    r.facesPerSecondN(), r.imagesPerSecondN());
        }
        o.flush();
    }

    private RgbImage load(Path file) {
        try {
            return decode(file);
        } catch (IOException | ImageRejectedException e) {
            throw new CliException(sentence(file, e), e);
        }
    }

    /** Smooth colour gradients with a few flat blocks: deterministic, no face. */
    static RgbImage testPattern(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                boolean block = (x / 80 + y / 80) % 3 == 0;
                rgb[i] = (byte) (block ? 200 : x * 255 / w);
                rgb[i + 1] = (byte) (block ? 180 : y * 255 / h);
                rgb[i + 2] = (byte) ((x + y) * 255 / (w + h));
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}

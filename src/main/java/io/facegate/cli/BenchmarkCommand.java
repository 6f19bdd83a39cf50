package io.facegate.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import ai.onnxruntime.OrtEnvironment;
import io.facegate.face.AnalysisOptions;
import io.facegate.face.Detection;
import io.facegate.face.FaceEngine;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.InvalidImageException;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.image.ImageRejectedException;
import io.facegate.face.image.RgbImage;
import io.facegate.face.recognition.FaceOutsideImageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchmark [IMG...]}: times the engine the way {@code scripts/faceapi-benchmark.mjs} times face-api.js,
 * so the two can be compared side by side.
 *
 * <ol>
 *   <li>Engine load: wall time to start ONNX Runtime (first use in this JVM: its native library), then load
 *       the four networks and open their sessions (ms).</li>
 *   <li>Warm-up: {@code --warmup} whole-pipeline passes per image, not measured.</li>
 *   <li>Per stage, {@code --runs} passes per image (ms per image; median and nearest-rank p95, {@link Stats}):
 *       {@code decode} (file → {@link RgbImage}); {@code detect}; {@code landmarks} of every face;
 *       {@code descriptors} of every face; {@code analyze} ({@link FaceEngine#analyze} on the decoded image);
 *       {@code pipeline} = decode + analyze, what a server does with an upload.</li>
 *   <li>Throughput of the pipeline on one caller: faces/s and images/s.</li>
 * </ol>
 * Without images a generated 640×480 test pattern, PNG-encoded in memory, is used (no face: it times decoding
 * and the detector only).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Time engine load, decode, detection, landmarks, descriptors and the whole pipeline (median, p95).")
final class BenchmarkCommand extends EngineCommand {

    @Parameters(arity = "0..*", paramLabel = "IMG", description = "Images to time (default: a generated 640x480 pattern).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "Unmeasured passes per image first. Default: 3.")
    int warmup;

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N", description = "Measured passes per image. Default: 10.")
    int runs;

    @Option(names = "--json", description = "Print the results as one JSON object.")
    boolean json;

    BenchmarkCommand(EngineLoan engines, Supplier<ImageDecoder> decoder) {
        super(engines, decoder);
    }

    /**
     * Timings of one benchmark.
     *
     * @param images         the images' names
     * @param threads        ONNX Runtime intra-op threads
     * @param runtimeStartMs part of the load spent starting ONNX Runtime (native library), ms
     * @param engineLoadMs   time to load the engine, ONNX Runtime start included, ms
     * @param facesPerPass   faces found in one pass over the images
     * @param stages         stage name → stats, ms per image
     * @param facesPerSecond faces/s of the pipeline on one caller
     * @param imagesPerSecond images/s of the pipeline on one caller
     */
    record Result(List<String> images, int threads, double runtimeStartMs, double engineLoadMs, int facesPerPass,
                  Map<String, Stats> stages, double facesPerSecond, double imagesPerSecond) {
    }

    /** An image to time: decoding it is part of the pipeline. */
    @FunctionalInterface
    private interface Source {
        RgbImage decode() throws IOException;
    }

    @Override
    public Integer call() throws Exception {
        AnalysisOptions settings = options.analysisOptions();
        int threads = options.threads();
        if (warmup < 0 || runs < 1) {
            throw new CliException("--warmup must be 0 or more and --runs 1 or more.");
        }
        List<String> names = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        if (images.isEmpty()) {
            err().println("No images given: timing a generated 640x480 pattern (no face, so decoding and the detector"
                    + " only).");
            byte[] png = png(testPattern(640, 480));
            sources.add(() -> decoder().decode(png));
            names.add("pattern-640x480");
        } else {
            for (Path file : images) {
                load(file); // refuse a bad file before loading the engine
                sources.add(() -> decode(file));
                names.add(file.toString());
            }
        }
        long loadStart = System.nanoTime();
        OrtEnvironment.getEnvironment();
        double runtimeMs = ms(loadStart);
        return withEngine(engine -> {
            double loadMs = ms(loadStart);
            Result result = measure(engine, settings, sources, names, threads, runtimeMs, loadMs);
            print(result, settings);
            return 0;
        });
    }

    private Result measure(FaceEngine engine, AnalysisOptions settings, List<Source> sources, List<String> names,
                           int threads, double runtimeMs, double loadMs) throws IOException {
        for (int w = 0; w < warmup; w++) {
            for (Source source : sources) {
                engine.analyze(source.decode(), settings);
            }
        }
        int n = sources.size() * runs;
        double[] decode = new double[n];
        double[] detect = new double[n];
        double[] landmarks = new double[n];
        double[] descriptors = new double[n];
        double[] analyze = new double[n];
        double[] pipeline = new double[n];
        int facesPerPass = 0;
        long faces = 0;
        double pipelineTotal = 0;
        int k = 0;
        for (int r = 0; r < runs; r++) {
            for (Source source : sources) {
                long t0 = System.nanoTime();
                RgbImage image = source.decode();
                long t1 = System.nanoTime();
                List<Detection> detections = engine.detect(image, settings);
                long t2 = System.nanoTime();
                List<FaceLandmarks> marks = new ArrayList<>();
                for (Detection d : detections) {
                    marks.add(engine.landmarker().landmarks(image, d.box()));
                }
                long t3 = System.nanoTime();
                for (FaceLandmarks m : marks) {
                    try {
                        engine.recognizer().describe(image, m);
                    } catch (FaceOutsideImageException e) {
                        // analyze() leaves such a face out too
                    }
                }
                long t4 = System.nanoTime();
                engine.analyze(image, settings);
                long t5 = System.nanoTime();
                int found = engine.analyze(source.decode(), settings).size();
                long t6 = System.nanoTime();
                decode[k] = (t1 - t0) / 1e6;
                detect[k] = (t2 - t1) / 1e6;
                landmarks[k] = (t3 - t2) / 1e6;
                descriptors[k] = (t4 - t3) / 1e6;
                analyze[k] = (t5 - t4) / 1e6;
                pipeline[k] = (t6 - t5) / 1e6;
                pipelineTotal += pipeline[k];
                faces += found;
                if (r == 0) {
                    facesPerPass += found;
                }
                k++;
            }
        }
        Map<String, Stats> stages = new LinkedHashMap<>();
        stages.put("decode", Stats.of(decode));
        stages.put("detect", Stats.of(detect));
        stages.put("landmarks", Stats.of(landmarks));
        stages.put("descriptors", Stats.of(descriptors));
        stages.put("analyze", Stats.of(analyze));
        stages.put("pipeline", Stats.of(pipeline));
        double seconds = pipelineTotal / 1000;
        return new Result(names, threads, runtimeMs, loadMs, facesPerPass, stages, faces / seconds, n / seconds);
    }

    private void print(Result r, AnalysisOptions s) {
        var o = out();
        String detector = s.detector().name().toLowerCase(Locale.ROOT);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("images", r.images());
            m.put("detector", detector);
            m.put("inputSize", s.inputSize());
            m.put("minScore", s.minScore());
            m.put("threads", r.threads());
            m.put("engineLoadMs", r.engineLoadMs());
            m.put("runtimeStartMs", r.runtimeStartMs());
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
            m.put("facesPerSecond", r.facesPerSecond());
            m.put("imagesPerSecond", r.imagesPerSecond());
            o.println(JsonOutput.write(m));
        } else {
            o.printf(Locale.ROOT, "benchmark: %d image(s), detector %s %d, min score %.2f, %d ONNX thread(s); %d"
                            + " warm-up + %d measured passes; %d face(s) per pass%n", r.images().size(), detector,
                    s.inputSize(), s.minScore(), r.threads(), warmup, runs, r.facesPerPass());
            o.printf(Locale.ROOT, "engine load: %.0f ms (ONNX Runtime start %.0f ms, then the four networks %.0f ms)%n",
                    r.engineLoadMs(), r.runtimeStartMs(), r.engineLoadMs() - r.runtimeStartMs());
            o.printf(Locale.ROOT, "%-12s %10s %10s%n", "stage", "median ms", "p95 ms");
            r.stages().forEach((name, st) -> o.printf(Locale.ROOT, "%-12s %10.1f %10.1f%n", name, st.median(), st.p95()));
            o.printf(Locale.ROOT, "throughput (pipeline, 1 caller): %.1f faces/s, %.1f images/s%n",
                    r.facesPerSecond(), r.imagesPerSecond());
        }
        o.flush();
    }

    private RgbImage load(Path file) {
        try {
            return decode(file);
        } catch (IOException | ImageRejectedException | InvalidImageException e) {
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

    private static byte[] png(RgbImage image) {
        BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                b.setRGB(x, y, image.value(x, y, 0) << 16 | image.value(x, y, 1) << 8 | image.value(x, y, 2));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(b, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}

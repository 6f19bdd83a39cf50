package io.facegate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.face.AnalysisOptions;
import io.facegate.face.Pipeline;
import io.facegate.face.FaceEngine;
import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import io.facegate.face.match.Descriptors;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line on the real engine (loaded once from the npm package's models and lent to every command) and
 * the demo-photo PNGs that the build decoded for the parity tests; expected faces and descriptors come from
 * face-api.js's own results on those PNGs ({@link FaceApiReference}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaceGateCliTest {

    /** Largest descriptor distance between the engine and face-api.js on the same PNG (parity tests: 0.01). */
    private static final double PARITY = 0.02;

    @TempDir
    Path dir;

    private FaceEngine engine;
    private List<FaceApiReference.Image> reference;
    private final AtomicInteger lent = new AtomicInteger();
    private final List<Integer> threadsAsked = new ArrayList<>();
    private StringWriter out;
    private StringWriter err;

    @BeforeAll
    void loadEngine() {
        engine = FaceEngine.load(FaceApiReference.models(), 2);
        reference = FaceApiReference.images();
    }

    @AfterAll
    void closeEngine() {
        engine.close();
    }

    @BeforeEach
    void clearOutput() {
        out = new StringWriter();
        err = new StringWriter();
        threadsAsked.clear();
    }

    private int run(String... args) {
        EngineLoan shared = (models, threads, work) -> {
            lent.incrementAndGet();
            threadsAsked.add(threads);
            return work.run(engine);
        };
        return FaceGateCli.commandLine(shared, new ImageDecoder(DecodeLimits.defaults()), new PrintWriter(out),
                new PrintWriter(err)).execute(args);
    }

    private FaceApiReference.Image image(String file) {
        return reference.stream().filter(i -> i.file().getFileName().toString().equals(file)).findFirst()
                .orElseThrow();
    }

    private static FaceApiReference.Face best(FaceApiReference.Image image) {
        return image.tiny().stream().max(Comparator.comparingDouble(FaceApiReference.Face::score)).orElseThrow();
    }

    /** Highest tiny score, ahead of the next face by ≥ 0.03: the engine (scores within 0.01) picks the same face. */
    private static boolean clearBest(FaceApiReference.Image image) {
        List<Double> scores = image.tiny().stream().map(FaceApiReference.Face::score)
                .sorted(Comparator.reverseOrder()).toList();
        return !scores.isEmpty() && (scores.size() == 1 || scores.get(0) - scores.get(1) >= 0.03);
    }

    private Path gray(String name, int level) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, level << 16 | level << 8 | level);
            }
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private Path textFile() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello", StandardCharsets.UTF_8);
        return text;
    }

    @Test
    void describePrintsEachFaceOfFaceApiJsAsJson() throws IOException {
        FaceApiReference.Image one = image("sample2.png");
        FaceApiReference.Image three = image("sample1.png");
        assertThat(run("describe", one.file().toString(), three.file().toString())).isEqualTo(0);
        assertThat(err.toString()).isEmpty();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        JsonMapper mapper = JsonMapper.builder().build();
        for (int i = 0; i < 2; i++) {
            FaceApiReference.Image expected = i == 0 ? one : three;
            JsonNode json = mapper.readTree(lines[i]);
            assertThat(json.get("file").asString()).isEqualTo(expected.file().toString());
            assertThat(json.get("width").asInt()).isEqualTo(expected.width());
            assertThat(json.get("height").asInt()).isEqualTo(expected.height());
            JsonNode faces = json.get("faces");
            assertThat(faces.size()).isEqualTo(expected.tiny().size());
            for (JsonNode face : faces) {
                assertThat(face.get("landmarks").size()).isEqualTo(68);
                JsonNode d = face.get("descriptor");
                assertThat(d.size()).isEqualTo(128);
                float[] descriptor = new float[128];
                for (int k = 0; k < 128; k++) {
                    descriptor[k] = (float) d.get(k).asDouble();
                }
                double nearest = expected.tiny().stream()
                        .mapToDouble(f -> Descriptors.distance(f.descriptor(), descriptor)).min().orElseThrow();
                assertThat(nearest).as("distance to face-api.js's descriptor of that face").isLessThan(PARITY);
            }
        }
        assertThat(threadsAsked).containsExactly(EngineOptions.DEFAULT_THREADS);
    }

    @Test
    void describeGoesOnAfterABadFileAndExitsWith2() throws IOException {
        Path text = textFile();
        Path face = image("sample2.png").file();
        assertThat(run("describe", text.toString(), dir.resolve("missing.jpg").toString(), face.toString()))
                .isEqualTo(2);
        assertThat(out.toString().split("\n")).hasSize(1);
        assertThat(out.toString()).startsWith("{\"file\":\"" + face + "\"");
        assertThat(err.toString()).contains(text + ": This file is not an image in a supported format.")
                .contains("missing.jpg: no such file.");
    }

    @Test
    void compareSamePhotoIsTheSamePerson() {
        Path a = image("sample2.png").file();
        assertThat(run("compare", a.toString(), a.toString())).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("same person: distance 0.0000 < threshold 0.60\n");
    }

    /** The two demo photos whose best faces are farthest apart by face-api.js's own descriptors (> 0.7). */
    @Test
    void compareDifferentPeopleExitsWith1() {
        List<FaceApiReference.Image> clear = reference.stream().filter(FaceGateCliTest::clearBest).toList();
        FaceApiReference.Image a = null;
        FaceApiReference.Image b = null;
        double farthest = 0;
        for (int i = 0; i < clear.size(); i++) {
            for (int j = i + 1; j < clear.size(); j++) {
                double d = Descriptors.distance(best(clear.get(i)).descriptor(), best(clear.get(j)).descriptor());
                if (d > farthest) {
                    farthest = d;
                    a = clear.get(i);
                    b = clear.get(j);
                }
            }
        }
        assertThat(farthest).as("reference distance between the two best faces").isGreaterThan(0.7);
        assertThat(run("compare", a.file().toString(), b.file().toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith("different people: distance ").endsWith(" >= threshold 0.60\n");
        double printed = Double.parseDouble(out.toString().split(" ")[3]);
        assertThat(printed).isCloseTo(farthest, within(2 * PARITY));
        // The same pair is "same person" once the threshold is above their distance.
        assertThat(run("compare", "--threshold", "1.5", a.file().toString(), b.file().toString())).isEqualTo(0);
    }

    @Test
    void compareRefusesATextFileBeforeLoadingTheEngine() throws IOException {
        Path text = textFile();
        int before = lent.get();
        assertThat(run("compare", image("sample2.png").file().toString(), text.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(text + ": This file is not an image in a supported format."
                + " Please upload a JPEG, PNG, WebP, BMP or GIF image.\n");
        assertThat(run("compare", text.toString(), dir.resolve("gone.png").toString())).isEqualTo(2);
        assertThat(lent.get()).as("images are read before the engine is lent").isEqualTo(before);
    }

    @Test
    void compareWithoutAFaceExitsWith2() throws IOException {
        Path none = gray("none.png", 128);
        assertThat(run("compare", image("sample2.png").file().toString(), none.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith(none + ": no face found. Use a photo where the face is clearly visible");
    }

    @Test
    void usageErrorsExitWith2AndASentence() {
        int before = lent.get();
        assertThat(run("compare", "only-one.png")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'B'");
        assertThat(run("describe", "--detector", "mtcnn", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown detector 'mtcnn'; use tiny or ssd.");
        assertThat(run("describe", "--input-size", "100", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("The tiny detector's input size must be a multiple of 32 from 128 to"
                + " 608 px (e.g. 320, 416 or 608), got 100.");
        assertThat(run("describe", "--input-size", "640", "x.png")).isEqualTo(2);
        assertThat(run("describe", "--detector", "SSD", "--input-size", "416", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("--input-size applies to the tiny detector only");
        assertThat(run("describe", "--min-score", "1.5", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("The minimum score must be between 0 and 1 (exclusive), got 1.5.");
        assertThat(run("describe", "--threads", "0", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be from 1 to 64, got 0.");
        assertThat(run("describe", "--models", dir.resolve("nowhere").toString(), "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("is not a folder; give the face-api.js model folder");
        assertThat(run("benchmark", "--runs", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--runs 1 or more");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(lent.get()).as("the engine is not lent for a usage error").isEqualTo(before);
    }

    /**
     * The early load of {@link FaceGateCli#run}: a describe that asks for the engine being loaded gets it (and prints
     * what an engine lent after the parse gives); one asking for other threads gets its own, and the early one is
     * left to {@link EarlyEngineLoan#close()}.
     */
    @Test
    void theEarlyEngineServesTheCommandThatAsksForIt() throws Exception {
        FaceApiReference.Image three = image("sample1.png");
        assertThat(run("describe", three.file().toString())).isEqualTo(0);
        String lentAfterParse = out.toString();
        Path models = ((ModelSource.FolderModels) FaceApiReference.models()).dir();

        StringWriter early = new StringWriter();
        try (EarlyEngineLoan loan = EarlyEngineLoan.start(ModelSource.folder(models), 2)) {
            int code = FaceGateCli.commandLine(loan, () -> new ImageDecoder(DecodeLimits.defaults()),
                    new PrintWriter(early), new PrintWriter(err)).execute("describe", "--models", models.toString(),
                    three.file().toString());
            assertThat(code).isEqualTo(0);
            assertThat(loan.taken()).as("the command took the early engine").isTrue();
        }
        assertThat(early.toString()).isEqualTo(lentAfterParse);

        try (EarlyEngineLoan loan = EarlyEngineLoan.start(ModelSource.folder(models), 2)) {
            int code = FaceGateCli.commandLine(loan, () -> new ImageDecoder(DecodeLimits.defaults()),
                    new PrintWriter(new StringWriter()), new PrintWriter(err)).execute("describe", "--models",
                    models.toString(), "--threads", "1", three.file().toString());
            assertThat(code).isEqualTo(0);
            assertThat(loan.taken()).as("another thread count loads its own engine").isFalse();
        }
        assertThat(err.toString()).isEmpty();
    }

    /** Only describe and compare with the default models and threads, and no help, load ahead of the parse. */
    @Test
    void whichRunsLoadTheEngineEarly() {
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"describe", "a.png", "b.png"})).isTrue();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"compare", "a.png", "b.png"})).isTrue();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"describe", "--pipeline", "server", "a.png"})).isTrue();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"describe", "--threads", "1", "a.png"})).isFalse();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"describe", "--threads=1", "a.png"})).isFalse();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"describe", "--models", "m", "a.png"})).isFalse();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"describe", "--help"})).isFalse();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"compare", "-h"})).isFalse();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"evaluate", "--pairs", "p.txt"})).isFalse();
        assertThat(FaceGateCli.loadsEngineEarly(new String[] {"benchmark", "a.png"})).isFalse();
        assertThat(FaceGateCli.loadsEngineEarly(new String[0])).isFalse();
    }

    /** The production loan, pointed at an empty model folder. */
    @Test
    void engineThatCannotLoadIsASentence() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("models"));
        int code = FaceGateCli.commandLine(EngineLoan.LOAD_PER_COMMAND, new ImageDecoder(DecodeLimits.defaults()),
                new PrintWriter(out), new PrintWriter(err)).execute("describe", "--models", empty.toString(),
                image("sample2.png").file().toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("The face engine could not start: ");
        assertThat(out.toString()).isEmpty();
    }

    /**
     * sample5.png: face-api.js's highest-scoring face is not the one nearest the image centre; the LFW protocol
     * takes the centre one.
     */
    @Test
    void evaluateTakesTheFaceNearestTheCentre() {
        FaceApiReference.Image image = image("sample5.png");
        double cx = image.width() / 2.0;
        double cy = image.height() / 2.0;
        FaceApiReference.Face centre = image.tiny().stream().min(Comparator.comparingDouble(f -> Math.hypot(
                f.box().x() + f.box().width() / 2 - cx, f.box().y() + f.box().height() / 2 - cy))).orElseThrow();
        FaceApiReference.Face best = best(image);
        assertThat(Descriptors.distance(centre.descriptor(), best.descriptor())).isGreaterThan(0.6);
        float[] chosen = EvaluateCommand.centreFaceDescriptor(engine, TestImages.read(image.file()),
                AnalysisOptions.DEFAULT);
        assertThat(Descriptors.distance(chosen, centre.descriptor())).isLessThan(PARITY);
    }

    /**
     * LFW layout (PNG data under .jpg names; the decoder sniffs the format): A 1–2 = sample2 twice, B 1 =
     * sample5, C 1–2 = flat gray (no face). Pairs: A1–A2 same, C1–C2 same (no face: always an error), A1–B1
     * and A2–B1 different (reference distance &gt; 0.7). Best threshold: 3 of 4 right; 3 of 3 on the pairs whose
     * faces were both found.
     */
    @Test
    void evaluateTextAndJson() throws IOException {
        Path lfw = dir.resolve("lfw");
        for (String name : List.of("A/A_0001.jpg", "A/A_0002.jpg")) {
            Files.createDirectories(lfw.resolve(name).getParent());
            Files.copy(image("sample2.png").file(), lfw.resolve(name));
        }
        Files.createDirectories(lfw.resolve("B"));
        Files.copy(image("sample5.png").file(), lfw.resolve("B/B_0001.jpg"));
        gray("lfw/C/C_0001.jpg", 90);
        gray("lfw/C/C_0002.jpg", 160);
        Path pairs = dir.resolve("pairs.txt");
        Files.writeString(pairs, "2\nA 1 2\nC 1 2\nA 1 B 1\nA 2 B 1\n");
        String[] args = {"evaluate", "--json", "--pairs", pairs.toString(), "--images", lfw.toString()};
        assertThat(run(args)).isEqualTo(0);
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        assertThat(json.get("pairs").asInt()).isEqualTo(4);
        assertThat(json.get("pairsWithoutFace").asInt()).isEqualTo(1);
        assertThat(json.get("imagesWithoutFace").asInt()).isEqualTo(2);
        assertThat(json.get("imagesUnreadable").asInt()).isEqualTo(0);
        assertThat(json.get("accuracy").get("mean").asDouble()).isEqualTo(0.75);
        assertThat(json.get("facesFound").get("pairs").asInt()).isEqualTo(3);
        assertThat(json.get("facesFound").get("accuracy").get("mean").asDouble()).isEqualTo(1.0);
        assertThat(json.get("tarAtFmr").get(0).get("tar").asString()).isEqualTo("n/a");
        assertThat(json.get("detector").get("name").asString()).isEqualTo("tiny");
        // By default evaluate measures the login's pipeline.
        assertThat(json.get("pipeline").asString()).isEqualTo("server");
        assertThat(err.toString()).contains("described 5/5 images");
    }

    /**
     * The same layout with the server pipeline and {@code --all-impostors}: faces in A 1, A 2 and B 1, so 2
     * impostor comparisons (A–B) and 1 same-person one; too few people for a 10-user gallery. A second run reads
     * the descriptors from {@code --cache} and reports the same.
     */
    @Test
    void evaluateAllImpostorsWithCache() throws IOException {
        Path lfw = dir.resolve("lfw2");
        for (String name : List.of("A/A_0001.jpg", "A/A_0002.jpg")) {
            Files.createDirectories(lfw.resolve(name).getParent());
            Files.copy(image("sample2.png").file(), lfw.resolve(name));
        }
        Files.createDirectories(lfw.resolve("B"));
        Files.copy(image("sample5.png").file(), lfw.resolve("B/B_0001.jpg"));
        gray("lfw2/C/C_0001.jpg", 90);
        gray("lfw2/C/C_0002.jpg", 160);
        Path pairs = dir.resolve("pairs2.txt");
        Files.writeString(pairs, "2\nA 1 2\nC 1 2\nA 1 B 1\nA 2 B 1\n");
        Path cache = dir.resolve("descriptors.cache");
        String[] args = {"evaluate", "--pipeline", "server", "--all-impostors", "--json", "--cache", cache.toString(),
                "--pairs", pairs.toString(), "--images", lfw.toString()};
        assertThat(run(args)).isEqualTo(0);
        String first = out.toString();
        JsonNode json = JsonMapper.builder().build().readTree(first);
        assertThat(json.get("pipeline").asString()).isEqualTo("server");
        JsonNode open = json.get("allImpostors");
        assertThat(open.get("people").asInt()).isEqualTo(2);
        assertThat(open.get("impostorComparisons").asInt()).isEqualTo(2);
        assertThat(open.get("sameComparisons").asInt()).isEqualTo(1);
        assertThat(open.get("policy").get("verificationThreshold").asDouble()).isEqualTo(0.46);
        assertThat(open.get("identification").get(0).get("note").asString()).contains("this set has 2");
        assertThat(Files.readString(cache)).startsWith(Pipeline.SERVER.version());

        out.getBuffer().setLength(0);
        assertThat(run(args)).isEqualTo(0);
        assertThat(err.toString()).contains("read 5 descriptors from");
        assertThat(out.toString()).isEqualTo(first);
    }

    @Test
    void evaluateRefusesMissingImages() throws IOException {
        gray("partial/A/A_0001.jpg", 100);
        Path pairs = dir.resolve("partial-pairs.txt");
        Files.writeString(pairs, "1\nA 1 2\nA 1 B 1\n");
        int before = lent.get();
        assertThat(run("evaluate", "--pairs", pairs.toString(), "--images", dir.resolve("partial").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("2 of the 3 images named in").contains("are missing");
        assertThat(lent.get()).isEqualTo(before);
    }

    @Test
    void benchmarkPrintsLoadTimeAndStages() {
        Path a = image("sample2.png").file();
        assertThat(run("benchmark", "--warmup", "0", "--runs", "2", "--threads", "1", a.toString())).isEqualTo(0);
        String text = out.toString();
        assertThat(text).contains("detector tiny 416, min score 0.50, 1 ONNX thread(s)")
                .contains("1 face(s) per pass")
                .containsPattern("(?m)^engine load: \\d+ ms \\(ONNX Runtime start \\d+ ms, then the four networks"
                        + " \\d+ ms\\)$");
        for (String stage : List.of("decode", "detect", "landmarks", "descriptors", "analyze", "pipeline")) {
            assertThat(text).containsPattern("(?m)^" + stage + " +\\d+\\.\\d +\\d+\\.\\d$");
        }
        assertThat(text).containsPattern("throughput \\(pipeline, 1 caller\\): \\d+\\.\\d faces/s");
        assertThat(threadsAsked).containsExactly(1);
    }

    @Test
    void commandNamesSelectTheCommandLine() {
        assertThat(FaceGateCli.isCommand(new String[] {"describe", "a.jpg"})).isTrue();
        assertThat(FaceGateCli.isCommand(new String[] {"benchmark"})).isTrue();
        assertThat(FaceGateCli.isCommand(new String[] {"--server.port=8081"})).isFalse();
        assertThat(FaceGateCli.isCommand(new String[0])).isFalse();
        assertThat(FaceGateCli.isCommand(new String[] {"--help"})).isTrue();
        assertThat(FaceGateCli.isCommand(new String[] {"-h"})).isTrue();
        assertThat(FaceGateCli.isCommand(new String[] {"--version"})).isTrue(); // before, it started the server
        assertThat(FaceGateCli.isCommand(new String[] {"-V"})).isTrue();
        assertThat(FaceGateCli.isCommand(new String[] {"descirbe", "a.jpg"})).isTrue(); // picocli refuses it, exit 2
    }

    @Test
    void webcamCheckIdentifiesEachPersonAndAcceptsNobodyElse() throws IOException {
        // two clearly different people (descriptors >= 0.8 apart; the first two of the set the login tests enrol),
        // each: 3 setup shots and 1 probe shot (camera noise on the same 640x480 frame)
        List<io.facegate.testsupport.FaceSamples.Person> people =
                io.facegate.testsupport.FaceSamples.distinctPeople(3, 0.8).subList(0, 2);
        Path folder = dir.resolve("people");
        for (int p = 0; p < people.size(); p++) {
            Path person = Files.createDirectories(folder.resolve("person" + p));
            for (int i = 0; i < 4; i++) {
                Files.write(person.resolve("shot" + i + ".png"), people.get(p).shot(i));
            }
        }
        assertThat(run("webcam-check", "--people", folder.toString())).as(err.toString()).isEqualTo(0);
        assertThat(out.toString())
                .contains("people: 2 with 4+ pictures, 2 enrolled (0 setups refused by the frame checks)")
                .contains("genuine 1:N: 2 of 2 probes identified (100.0%), 0 accepted as another person")
                .contains("genuine 1:1: 2 of 2 probes verified (100.0%)")
                .contains("false accepts: 1:N 0 of 8 attempts among the other people; 1:1 0 of 2 comparisons");
    }

    @Test
    void webcamCheckUsageErrorsAreSentences() {
        int before = lent.get();
        assertThat(run("webcam-check", "--people", dir.resolve("nowhere").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a folder. Point --people at a folder");
        assertThat(run("webcam-check", "--people", dir.toString(), "--frame", "640by480")).isEqualTo(2);
        assertThat(err.toString()).contains("--frame is '640by480'; give WIDTHxHEIGHT");
        assertThat(run("webcam-check", "--people", dir.toString(), "--crop", "0.1")).isEqualTo(2);
        assertThat(err.toString()).contains("--crop must be between 0.2 and 1.");
        assertThat(run("webcam-check", "--people", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("has 4 pictures or more.");
        assertThat(lent.get()).as("the engine is not lent for a usage error").isEqualTo(before);
    }
}

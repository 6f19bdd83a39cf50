package io.facegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.face.image.DecodeLimits;
import io.facegate.face.image.ImageDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Command-line formatting test: argument parsing, output format and exit codes, run through picocli's
 * {@code CommandLine.execute} with {@link GrayLevelAnalyzer}, a test implementation of {@link FaceAnalyzer}
 * (acceptable here only because nothing about faces is being tested: the networks are tested elsewhere).
 * Images are flat gray PNGs generated in the test.
 */
class FaceGateCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger opened = new AtomicInteger();

    private int run(String... args) {
        FaceAnalyzer.Factory factory = () -> {
            opened.incrementAndGet();
            return new GrayLevelAnalyzer();
        };
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(1 << 20, 1_000_000, 2, Duration.ofSeconds(5)));
        return FaceGateCli.commandLine(factory, decoder, new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    private Path gray(String name, int level) throws IOException {
        BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                image.setRGB(x, y, level << 16 | level << 8 | level);
            }
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void describePrintsOneJsonLinePerImage() throws IOException {
        Path a = gray("a.png", 51);
        Path b = gray("b.png", 0);
        assertThat(run("describe", a.toString(), b.toString())).isEqualTo(0);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(2);
        StringBuilder landmarks = new StringBuilder();
        for (int i = 0; i < 68; i++) {
            landmarks.append(i == 0 ? "" : ",").append("[").append((double) i).append(",").append(2.0 * i).append("]");
        }
        String descriptor = String.join(",", java.util.Collections.nCopies(128, "0.2"));
        assertThat(lines[0]).isEqualTo("{\"file\":\"" + a + "\",\"width\":6,\"height\":4,\"faces\":[{\"box\":{\"x\":10.0,"
                + "\"y\":20.0,\"width\":30.0,\"height\":40.0},\"score\":0.75,\"landmarks\":[" + landmarks
                + "],\"descriptor\":[" + descriptor + "]}]}");
        assertThat(lines[1]).isEqualTo("{\"file\":\"" + b + "\",\"width\":6,\"height\":4,\"faces\":[]}");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void describeGoesOnAfterABadFileAndExitsWith2() throws IOException {
        Path a = gray("a.png", 51);
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello", StandardCharsets.UTF_8);
        assertThat(run("describe", text.toString(), dir.resolve("missing.jpg").toString(), a.toString())).isEqualTo(2);
        assertThat(out.toString().split("\n")).hasSize(1);
        assertThat(out.toString()).startsWith("{\"file\":\"" + a + "\"");
        assertThat(err.toString()).contains(text + ": This file is not an image in a supported format.")
                .contains("missing.jpg: no such file.");
    }

    /** Levels 100 and 110: distance √128·10/255 = 0.4437 &lt; 0.6 → same (0); 100 vs 200: 4.4367 → different (1). */
    @Test
    void compareExitCodes() throws IOException {
        Path a = gray("a.png", 100);
        Path b = gray("b.png", 110);
        Path c = gray("c.png", 200);
        Path none = gray("none.png", 0);
        assertThat(run("compare", a.toString(), b.toString())).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("same person: distance 0.4437 < threshold 0.60\n");
        assertThat(run("compare", a.toString(), c.toString())).isEqualTo(1);
        assertThat(out.toString()).endsWith("different people: distance 4.4367 >= threshold 0.60\n");
        assertThat(run("compare", "--threshold", "0.4", a.toString(), b.toString())).isEqualTo(1);
        assertThat(run("compare", a.toString(), none.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(none + ": no face found.");
        int opens = opened.get();
        assertThat(run("compare", a.toString(), dir.resolve("gone.png").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("gone.png: no such file.");
        assertThat(opened.get()).as("images are read before the engine is opened").isEqualTo(opens);
    }

    @Test
    void usageErrorsExitWith2AndASentence() {
        assertThat(run("compare", "only-one.png")).isEqualTo(2);
        assertThat(run("describe", "--detector", "mtcnn", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("--detector");
        assertThat(run("describe", "--input-size", "100", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("--input-size must be a multiple of 32 from 128 to 1024");
        assertThat(run("describe", "--detector", "SSD", "--input-size", "416", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("--input-size applies to the tiny detector only");
        assertThat(run("describe", "--min-score", "1.5", "x.png")).isEqualTo(2);
        assertThat(run("describe", "--threads", "0", "x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be from 1 to 256");
        assertThat(opened.get()).as("the engine is not opened for a usage error").isZero();
    }

    @Test
    void engineThatCannotStartIsAnError() throws IOException {
        Path a = gray("a.png", 100);
        int code = FaceGateCli.commandLine(FaceGateCli.engineNotAvailable(), new ImageDecoder(DecodeLimits.defaults()),
                new PrintWriter(out), new PrintWriter(err)).execute("describe", a.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("The face engine could not start: the face engine is not part of this build yet.\n");
    }

    /**
     * LFW layout with 2 same pairs (A 1–2: levels 100/105; C 1–2: black, no face) and 2 different pairs (A1–B1,
     * A2–B1; B = 200). The no-face pair is always wrong → accuracy 3/4.
     */
    @Test
    void evaluateTextAndJson() throws IOException {
        gray("lfw/A/A_0001.jpg", 100);
        gray("lfw/A/A_0002.jpg", 105);
        gray("lfw/B/B_0001.jpg", 200);
        gray("lfw/C/C_0001.jpg", 0);
        gray("lfw/C/C_0002.jpg", 0);
        Path pairs = dir.resolve("pairs.txt");
        Files.writeString(pairs, "2\nA 1 2\nC 1 2\nA 1 B 1\nA 2 B 1\n");
        String[] args = {"evaluate", "--pairs", pairs.toString(), "--images", dir.resolve("lfw").toString()};
        assertThat(run(args)).isEqualTo(0);
        assertThat(out.toString()).contains("pairs: 4 (2 same, 2 different), 1 without a face (counted as errors)")
                .contains("accuracy: 75.00% at the best threshold")
                .contains("TAR @ FMR 1e-02: n/a (FMR 1e-02 needs at least 1000 different-person pairs; there are 2.)");
        out.getBuffer().setLength(0);
        List<String> withJson = new ArrayList<>(List.of(args));
        withJson.add("--json");
        assertThat(run(withJson.toArray(String[]::new))).isEqualTo(0);
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        assertThat(json.get("pairs").asInt()).isEqualTo(4);
        assertThat(json.get("pairsWithoutFace").asInt()).isEqualTo(1);
        assertThat(json.get("imagesWithoutFace").asInt()).isEqualTo(2);
        assertThat(json.get("accuracy").get("mean").asDouble()).isEqualTo(0.75);
        assertThat(json.get("tarAtFmr").get(0).get("tar").asString()).isEqualTo("n/a");
        assertThat(json.get("detector").get("name").asString()).isEqualTo("tiny");
    }

    @Test
    void evaluateRefusesMissingImages() throws IOException {
        gray("lfw/A/A_0001.jpg", 100);
        Path pairs = dir.resolve("pairs.txt");
        Files.writeString(pairs, "1\nA 1 2\nA 1 B 1\n");
        assertThat(run("evaluate", "--pairs", pairs.toString(), "--images", dir.resolve("lfw").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("2 of the 3 images named in").contains("are missing");
        assertThat(opened.get()).isZero();
    }

    @Test
    void benchmarkPrintsStagesAndThroughput() throws IOException {
        Path a = gray("a.png", 100);
        assertThat(run("benchmark", "--warmup", "1", "--runs", "3", "--threads", "2", a.toString())).isEqualTo(0);
        String text = out.toString();
        assertThat(text).contains("1 face(s) per pass").contains("median ms").contains("p95 ms");
        for (String stage : List.of("decode", "detect", "landmarks", "descriptors", "pipeline")) {
            assertThat(text).containsPattern("(?m)^" + stage + " +\\d+\\.\\d +\\d+\\.\\d$");
        }
        assertThat(text).containsPattern("throughput: 1 thread \\d+\\.\\d faces/s .*; 2 threads \\d+\\.\\d faces/s");
    }

    @Test
    void commandNamesSelectTheCommandLine() {
        assertThat(FaceGateCli.isCommand(new String[] {"describe", "a.jpg"})).isTrue();
        assertThat(FaceGateCli.isCommand(new String[] {"benchmark"})).isTrue();
        assertThat(FaceGateCli.isCommand(new String[] {"--server.port=8081"})).isFalse();
        assertThat(FaceGateCli.isCommand(new String[0])).isFalse();
    }
}

package io.facegate.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.facegate.face.Box;
import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.weights.ModelSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * face-api.js's own outputs on the package's demo photos, written by {@code scripts/faceapi-reference.mjs}
 * during the build ({@code generate-test-resources}) into the folder named by the system property
 * {@code facegate.parity.dir}, beside the PNG copies they were computed on. Never committed: they are
 * biometric data of the people in the photos.
 */
public final class FaceApiReference {

    /** One face as face-api.js reported it: box and landmarks in px, score, descriptor {@code float[128]}. */
    public record Face(String label, Box box, double score, FaceLandmarks landmarks, float[] descriptor) {
    }

    /** One image (a PNG in the parity folder) with the faces each detector found. */
    public record Image(Path file, int width, int height, List<Face> tiny, List<Face> ssd) {

        /** @return the faces of both detectors, tiny first */
        public List<Face> allFaces() {
            List<Face> all = new ArrayList<>(tiny);
            all.addAll(ssd);
            return all;
        }
    }

    /**
     * The detector options face-api.js ran with.
     *
     * @param tinyInputSize      TinyFaceDetector input side, px
     * @param tinyScoreThreshold TinyFaceDetector score threshold
     * @param ssdMinConfidence   SsdMobilenetv1 minimum confidence
     * @param ssdMaxResults      SsdMobilenetv1 maximum number of faces
     */
    public record Settings(int tinyInputSize, double tinyScoreThreshold, double ssdMinConfidence, int ssdMaxResults) {
    }

    private FaceApiReference() {
    }

    /** @return the parity folder; fails the test if the build did not write it */
    public static Path dir() {
        Path dir = location();
        assertTrue(Files.isRegularFile(dir.resolve("reference.json")), "No " + dir.resolve("reference.json")
                + ": run the tests through Maven, whose generate-test-resources phase writes it");
        return dir;
    }

    /**
     * @return whether the build wrote reference.json, for tests that skip (rather than fail) without the demo
     *         photos
     */
    public static boolean isWritten() {
        return Files.isRegularFile(location().resolve("reference.json"));
    }

    private static Path location() {
        return Path.of(System.getProperty("facegate.parity.dir", "target/parity"));
    }

    /** @return the face-api.js model folder of the npm package that the build installed */
    public static ModelSource models() {
        Path dir = Path.of(System.getProperty("facegate.faceapi.dir", "node_modules/@vladmandic/face-api"))
                .resolve("model");
        assertTrue(Files.isDirectory(dir), "No face-api.js models in " + dir + ": run the tests through Maven");
        return ModelSource.folder(dir);
    }

    /** @return the detector options face-api.js ran with, from reference.json */
    public static Settings settings() {
        JsonNode root = root(dir());
        JsonNode tiny = root.get("tiny");
        JsonNode ssd = root.get("ssd");
        return new Settings(tiny.get("inputSize").asInt(), tiny.get("scoreThreshold").asDouble(),
                ssd.get("minConfidence").asDouble(), ssd.get("maxResults").asInt());
    }

    /** @return every image of reference.json, in file order */
    public static List<Image> images() {
        Path dir = dir();
        JsonNode root = root(dir);
        List<Image> images = new ArrayList<>();
        for (JsonNode img : root.get("images")) {
            String file = img.get("file").asString();
            images.add(new Image(dir.resolve(file), img.get("width").asInt(), img.get("height").asInt(),
                    faces(file + "/tiny", img.get("tiny")), faces(file + "/ssd", img.get("ssd"))));
        }
        return images;
    }

    private static JsonNode root(Path dir) {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(dir.resolve("reference.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Face> faces(String label, JsonNode list) {
        List<Face> faces = new ArrayList<>();
        for (JsonNode f : list) {
            JsonNode b = f.get("box");
            List<Point> points = new ArrayList<>();
            for (JsonNode p : f.get("landmarks")) {
                points.add(new Point(p.get(0).asDouble(), p.get(1).asDouble()));
            }
            JsonNode d = f.get("descriptor");
            float[] descriptor = new float[d.size()];
            for (int i = 0; i < descriptor.length; i++) {
                descriptor[i] = (float) d.get(i).asDouble();
            }
            faces.add(new Face(label + "#" + faces.size(),
                    new Box(b.get("x").asDouble(), b.get("y").asDouble(), b.get("width").asDouble(),
                            b.get("height").asDouble()),
                    f.get("score").asDouble(), new FaceLandmarks(points), descriptor));
        }
        return faces;
    }
}

package io.facegate.face.tiny;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import io.facegate.face.Box;
import io.facegate.face.Point;
import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test inputs written by {@code scripts/faceapi-reference.mjs} during the build: the sample PNGs and
 * face-api.js's own TinyFaceDetector results on them ({@code reference.json}, {@code tiny} lists).
 */
final class ParityFixtures {

    /** One face-api.js face: its box in px, score and 68 landmarks in px. */
    record ReferenceFace(Box box, double score, List<Point> landmarks) {
    }

    /** One sample image and the faces face-api.js found in it with TinyFaceDetector (input 416, score 0.5). */
    record ReferenceImage(String file, int width, int height, List<ReferenceFace> tiny) {
    }

    private ParityFixtures() {
    }

    /** @return the folder of the parity files; fails the test if the build did not write it */
    static Path parityDir() {
        Path dir = Path.of(System.getProperty("facegate.parity.dir", "target/parity"));
        assertTrue(Files.isRegularFile(dir.resolve("reference.json")), "No " + dir.resolve("reference.json")
                + ": run the tests through Maven, whose generate-test-resources phase writes it");
        return dir;
    }

    /** @return the face-api.js model folder of the npm package installed by the build */
    static ModelSource models() {
        Path dir = Path.of(System.getProperty("facegate.faceapi.dir", "node_modules/@vladmandic/face-api"))
                .resolve("model");
        assertTrue(Files.isDirectory(dir), "No face-api.js models in " + dir + ": run the tests through Maven");
        return ModelSource.folder(dir);
    }

    /** @return every image of reference.json with its TinyFaceDetector faces */
    static List<ReferenceImage> reference() {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(parityDir().resolve("reference.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ReferenceImage> images = new ArrayList<>();
        for (JsonNode img : root.get("images")) {
            List<ReferenceFace> faces = new ArrayList<>();
            for (JsonNode f : img.get("tiny")) {
                JsonNode b = f.get("box");
                List<Point> landmarks = new ArrayList<>();
                for (JsonNode p : f.get("landmarks")) {
                    landmarks.add(new Point(p.get(0).asDouble(), p.get(1).asDouble()));
                }
                faces.add(new ReferenceFace(new Box(b.get("x").asDouble(), b.get("y").asDouble(),
                        b.get("width").asDouble(), b.get("height").asDouble()), f.get("score").asDouble(), landmarks));
            }
            images.add(new ReferenceImage(img.get("file").asString(), img.get("width").asInt(),
                    img.get("height").asInt(), faces));
        }
        return images;
    }

    /** @return the PNG decoded with javax.imageio as RGB */
    static RgbImage readPng(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return crop(img, 0, 0, img.getWidth(), img.getHeight());
    }

    /** @return a region of an image as RGB */
    static RgbImage crop(BufferedImage img, int x0, int y0, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            img.getRGB(x0, y0 + y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                rgb[i] = (byte) (row[x] >> 16);
                rgb[i + 1] = (byte) (row[x] >> 8);
                rgb[i + 2] = (byte) row[x];
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** @return a region of an RGB image */
    static RgbImage crop(RgbImage img, int x0, int y0, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(img.rgb(), ((y0 + y) * img.width() + x0) * 3, rgb, y * width * 3, width * 3);
        }
        return new RgbImage(width, height, rgb);
    }
}

package io.facegate.face.recognition;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.RgbImage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test helper: face-api.js's own outputs ({@code reference.json}, written by {@code scripts/faceapi-reference.mjs}
 * into the folder named by the system property {@code facegate.parity.dir}) and the PNGs they were computed on.
 */
final class ParityReference {

    /** One face as face-api.js reported it. */
    record Face(String label, FaceLandmarks landmarks, float[] descriptor) {
    }

    /** One image with the faces found by both detectors. */
    record Image(String file, int width, int height, List<Face> tiny, List<Face> ssd) {
        List<Face> allFaces() {
            List<Face> all = new ArrayList<>(tiny);
            all.addAll(ssd);
            return all;
        }
    }

    private ParityReference() {
    }

    /** @return the parity folder from {@code facegate.parity.dir} (set by surefire) */
    static Path dir() {
        String dir = System.getProperty("facegate.parity.dir", "target/parity");
        return Path.of(dir);
    }

    /** @return the images of reference.json in file order */
    static List<Image> load(Path dir) {
        JsonNode root;
        try {
            root = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("reference.json")));
        } catch (IOException e) {
            throw new UncheckedIOException("Run 'mvn generate-test-resources' to write " + dir, e);
        }
        List<Image> images = new ArrayList<>();
        for (JsonNode img : root.get("images")) {
            String file = img.get("file").asString();
            images.add(new Image(file, img.get("width").asInt(), img.get("height").asInt(),
                    faces(file + "/tiny", img.get("tiny")), faces(file + "/ssd", img.get("ssd"))));
        }
        return images;
    }

    private static List<Face> faces(String label, JsonNode list) {
        List<Face> faces = new ArrayList<>();
        for (JsonNode f : list) {
            List<Point> points = new ArrayList<>();
            for (JsonNode p : f.get("landmarks")) {
                points.add(new Point(p.get(0).asDouble(), p.get(1).asDouble()));
            }
            JsonNode d = f.get("descriptor");
            float[] descriptor = new float[d.size()];
            for (int i = 0; i < descriptor.length; i++) {
                descriptor[i] = (float) d.get(i).asDouble();
            }
            faces.add(new Face(label + "#" + faces.size(), new FaceLandmarks(points), descriptor));
        }
        return faces;
    }

    /** Decodes an image file with javax.imageio into RGB bytes. */
    static RgbImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("No ImageIO reader for " + file);
            }
            return toRgb(img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a BufferedImage into an RgbImage (ARGB → RGB, alpha dropped). */
    static RgbImage toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    /** Euclidean distance, in double, independent of the production code under test. */
    static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}

package io.facegate.face.recognition;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.FaceLandmarks;
import io.facegate.face.Point;
import io.facegate.face.image.RgbImage;
import io.facegate.face.match.Descriptors;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/**
 * Descriptors on face-api.js's demo photos (the PNGs of the parity folder, with face-api.js's SSD landmarks):
 * the same face after a 0.75× resize, a JPEG re-encode at quality 0.8 and brightness ±20 % stays far below the
 * 0.6 threshold, and always closer than any two different people standing in the same photo.
 *
 * <p>Measured (2026-11-29): the same face moved at most 0.141 (sample2 face 2, brightness +20 %; landmarks are
 * scaled, not re-detected); different people in one photo are at least 0.486 apart (sample4, faces 0 and 3), and 4
 * of the 31 pairs are below 0.6 (these photos show several young women of similar looks, some with heavy make-up):
 * dlib's 0.6 is permissive here.
 */
class DescriptorStabilityTest {

    /** Same face, mild image changes: half the 0.6 decision threshold. */
    private static final double SAME_FACE_MAX = 0.3;
    /** Different people in one demo photo: measured minimum 0.486, see the class comment. */
    private static final double DIFFERENT_PEOPLE_MIN = 0.45;

    private static FaceRecognitionNet net;
    private static FaceRecognizer recognizer;

    @BeforeAll
    static void buildNet() {
        net = new FaceRecognitionNet(ModelSource.classpath(), 2);
        recognizer = new FaceRecognizer(net);
    }

    @AfterAll
    static void closeNet() {
        net.close();
    }

    private record Described(String label, int image, float[] descriptor) {
    }

    @Test
    void sameFaceStaysCloseAndDifferentPeopleStayApart() {
        Assumptions.assumeTrue(FaceApiReference.isWritten(), "Demo photos not found in the parity folder"
                + " (facegate.parity.dir); run 'mvn generate-test-resources' (needs the npm package)");
        List<FaceApiReference.Image> images = FaceApiReference.images();
        List<Described> originals = new ArrayList<>();
        double worstSame = 0;
        String worstSameLabel = "";
        for (int i = 0; i < images.size(); i++) {
            FaceApiReference.Image image = images.get(i);
            BufferedImage png = TestImages.readBuffered(image.file());
            RgbImage original = TestImages.of(png);
            RgbImage small = TestImages.of(resize(png, 0.75));
            RgbImage jpeg = TestImages.of(jpeg(png, 0.8f));
            RgbImage brighter = brightness(original, 1.2);
            RgbImage darker = brightness(original, 0.8);
            for (FaceApiReference.Face face : image.ssd()) {
                float[] d = recognizer.describe(original, face.landmarks());
                originals.add(new Described(face.label(), i, d));
                double[] distances = {
                    Descriptors.distance(d, recognizer.describe(small, scale(face.landmarks(), 0.75))),
                    Descriptors.distance(d, recognizer.describe(jpeg, face.landmarks())),
                    Descriptors.distance(d, recognizer.describe(brighter, face.landmarks())),
                    Descriptors.distance(d, recognizer.describe(darker, face.landmarks())),
                };
                System.out.printf("%-18s resize 0.75: %.3f  jpeg 0.8: %.3f  bright +20%%: %.3f  -20%%: %.3f%n",
                        face.label(), distances[0], distances[1], distances[2], distances[3]);
                for (double dist : distances) {
                    assertTrue(dist <= SAME_FACE_MAX, face.label() + " moved " + dist);
                    if (dist > worstSame) {
                        worstSame = dist;
                        worstSameLabel = face.label();
                    }
                }
            }
        }
        double closestDifferent = Double.POSITIVE_INFINITY;
        int underThreshold = 0;
        int pairs = 0;
        for (int a = 0; a < originals.size(); a++) {
            for (int b = a + 1; b < originals.size(); b++) {
                Described x = originals.get(a);
                Described y = originals.get(b);
                if (x.image() != y.image()) {
                    continue; // the same people appear in several demo photos
                }
                double dist = Descriptors.distance(x.descriptor(), y.descriptor());
                pairs++;
                if (dist < 0.6) {
                    underThreshold++;
                    System.out.printf("different people under 0.6: %s vs %s: %.3f%n", x.label(), y.label(), dist);
                }
                closestDifferent = Math.min(closestDifferent, dist);
                assertTrue(dist >= DIFFERENT_PEOPLE_MIN, x.label() + " vs " + y.label() + ": " + dist);
            }
        }
        System.out.printf("same face, worst change %.3f (%s); different people in one photo: %d pairs, closest %.3f,"
                + " %d under 0.6%n", worstSame, worstSameLabel, pairs, closestDifferent, underThreshold);
        assertTrue(pairs >= 20, "expected the demo photos' group shots, found " + pairs + " pairs");
        assertTrue(worstSame < closestDifferent, "a transformed face moved farther than two different people are");
    }

    private static BufferedImage resize(BufferedImage src, double factor) {
        int w = (int) Math.round(src.getWidth() * factor);
        int h = (int) Math.round(src.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static BufferedImage jpeg(BufferedImage src, float quality) {
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(src, 0, 0, null);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return read(new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static BufferedImage read(ByteArrayInputStream in) {
        try {
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RgbImage brightness(RgbImage src, double factor) {
        byte[] out = new byte[src.rgb().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.min(255, Math.round((src.rgb()[i] & 0xFF) * factor));
        }
        return new RgbImage(src.width(), src.height(), out);
    }

    private static FaceLandmarks scale(FaceLandmarks landmarks, double factor) {
        UnaryOperator<Point> s = p -> new Point(p.x() * factor, p.y() * factor);
        return new FaceLandmarks(landmarks.points().stream().map(s).toList());
    }
}

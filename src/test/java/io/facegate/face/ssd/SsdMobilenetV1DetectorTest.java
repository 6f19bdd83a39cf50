package io.facegate.face.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.facegate.face.Box;
import io.facegate.face.Detection;
import io.facegate.face.InvalidImageException;
import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/** Options, edge cases and crops of {@link SsdMobilenetV1Detector}. */
class SsdMobilenetV1DetectorTest {

    private static SsdMobilenetV1Detector detector;
    private static RgbImage sample1;

    @BeforeAll
    static void build() throws Exception {
        detector = new SsdMobilenetV1Detector(ModelSource.classpath(), 2, SsdMobilenetV1Options.DEFAULT);
        sample1 = TestImages.read(FaceApiReference.dir().resolve("sample1.png"));
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void allBlackImageHasNoFace() {
        assertEquals(List.of(), detector.detect(new RgbImage(640, 480, new byte[640 * 480 * 3])));
    }

    @Test
    void tinyImagesWork() {
        byte[] grey = {(byte) 128, (byte) 128, (byte) 128};
        assertEquals(List.of(), detector.detect(new RgbImage(1, 1, grey)));
        // The face at about (414, 355) of sample1, in a 300×300 region halved to 150×150 px; face-api.js finds
        // it too (score 0.815 on a bilinear downscale), but nothing once the region is shrunk to 100 px.
        RgbImage small = halve(TestImages.crop(sample1, 350, 320, 300, 300));
        List<Detection> found = detector.detect(small);
        assertEquals(1, found.size(), "faces in the 150x150 image: " + found);
        Box box = found.get(0).box();
        assertTrue(box.x() >= 0 && box.y() >= 0 && box.x() + box.width() <= 150 && box.y() + box.height() <= 150,
                "box inside the image: " + box);
        assertTrue(box.width() > 60 && box.width() < 120, "face about 90 px wide: " + box);
    }

    /** @return the image at half size, each pixel the mean of a 2×2 block */
    private static RgbImage halve(RgbImage image) {
        int w = image.width() / 2;
        int h = image.height() / 2;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = image.value(2 * x, 2 * y, c) + image.value(2 * x + 1, 2 * y, c)
                            + image.value(2 * x, 2 * y + 1, c) + image.value(2 * x + 1, 2 * y + 1, c);
                    out[(y * w + x) * 3 + c] = (byte) ((sum + 2) / 4);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    @Test
    void imageTooElongatedToScaleIsRejectedWithAMessage() {
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> detector.detect(new RgbImage(2050, 1, new byte[2050 * 3])));
        assertTrue(e.getMessage().contains("2050x1"), e.getMessage());
    }

    @Test
    void optionsLimitTheResults() {
        // face-api.js scores on sample1: 0.9954, 0.9934, 0.9885 (reference.json).
        assertEquals(3, detector.detect(sample1).size());
        List<Detection> top = detector.detect(sample1, new SsdMobilenetV1Options(0.5, 1));
        assertEquals(1, top.size());
        assertEquals(0.9954, top.get(0).score(), 1e-3);
        assertEquals(2, detector.detect(sample1, new SsdMobilenetV1Options(0.99, 100)).size());
    }

    @Test
    void aFaceInA640x480CropIsFoundWhereItIsInTheWholePhoto() {
        Box whole = detector.detect(sample1).get(0).box(); // the face at about (414, 355), 178×238 px
        RgbImage crop = TestImages.crop(sample1, 100, 250, 640, 480);
        List<Detection> found = detector.detect(crop);
        assertEquals(1, found.size(), "faces in the crop: " + found);
        Box box = found.get(0).box();
        assertEquals(whole.centreX() - 100, box.centreX(), 0.1 * whole.width());
        assertEquals(whole.centreY() - 250, box.centreY(), 0.1 * whole.height());
        assertEquals(whole.width(), box.width(), 0.15 * whole.width());
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SsdMobilenetV1Options(0, 100));
        assertThrows(IllegalArgumentException.class, () -> new SsdMobilenetV1Options(1, 100));
        assertThrows(IllegalArgumentException.class, () -> new SsdMobilenetV1Options(0.5, 0));
    }
}

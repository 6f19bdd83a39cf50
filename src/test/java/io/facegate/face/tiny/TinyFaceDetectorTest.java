package io.facegate.face.tiny;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.facegate.face.Detection;
import io.facegate.face.image.RgbImage;
import io.facegate.testsupport.FaceApiReference;
import io.facegate.testsupport.TestImages;

/** TinyFaceDetector on edge cases: empty pictures, tiny images, other input sizes, bad options, threads. */
class TinyFaceDetectorTest {

    private static TinyFaceDetector detector;

    @BeforeAll
    static void load() {
        detector = new TinyFaceDetector(FaceApiReference.models(), 1, TinyFaceDetectorOptions.DEFAULTS);
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void findsNoFaceInABlackImage() {
        assertEquals(List.of(), detector.detect(new RgbImage(640, 480, new byte[640 * 480 * 3])));
    }

    @Test
    void findsNoFaceInAOnePixelImage() {
        assertEquals(List.of(), detector.detect(new RgbImage(1, 1, new byte[] {(byte) 200, 120, 90})));
    }

    @Test
    void findsTheThreeFacesOfSample1AtInputSize608Too() {
        RgbImage image = TestImages.read(FaceApiReference.dir().resolve("sample1.png"));
        List<FaceApiReference.Face> reference = FaceApiReference.images().get(0).tiny();
        List<Detection> faces = detector.detect(image, TinyFaceDetectorOptions.of(608, 0.5));
        assertEquals(reference.size(), faces.size());
        for (FaceApiReference.Face ref : reference) {
            assertTrue(faces.stream().anyMatch(d -> d.box().iou(ref.box()) > 0.5),
                    "a 608-px detection overlaps the 416-px face at " + ref.box());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 96, 100, 417, 640})
    void rejectsInputSizesOutside128To608OrNotAMultipleOf32(int size) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TinyFaceDetectorOptions.of(size, 0.5));
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
    }

    /**
     * One graph with dynamic sides serves every input size only because the max-pools' TF 'same' paddings are the
     * same at every accepted size; a size padding differently would need a graph of its own.
     */
    @Test
    void everyAcceptedInputSizeHasThePaddingsOfTheOneGraph() {
        List<long[]> expected = TinyFaceDetectorGraph.paddings(TinyFaceDetectorOptions.DEFAULT_INPUT_SIZE);
        assertEquals(List.of(0L, 0L, 1L, 1L), java.util.Arrays.stream(expected.get(1)).boxed().toList(),
                "the second pool pads one pixel at the bottom and right");
        for (int size = TinyFaceDetectorOptions.MIN_INPUT_SIZE; size <= TinyFaceDetectorOptions.MAX_INPUT_SIZE;
             size += 32) {
            List<long[]> pads = TinyFaceDetectorGraph.paddings(size);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), pads.get(i), "pool " + i + " at input size " + size);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN})
    void rejectsScoreThresholdsOutsideZeroToOne(double threshold) {
        assertThrows(IllegalArgumentException.class, () -> TinyFaceDetectorOptions.of(416, threshold));
    }

    @Test
    void refusesWorkAfterClose() {
        TinyFaceDetector closed = new TinyFaceDetector(FaceApiReference.models(), 1, TinyFaceDetectorOptions.DEFAULTS);
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.detect(new RgbImage(4, 4, new byte[48])));
    }

    @Test
    void givesTheSameAnswerFromConcurrentThreads() throws Exception {
        RgbImage image = TestImages.read(FaceApiReference.dir().resolve("sample1.png"));
        List<Detection> expected = detector.detect(image);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Detection>>> results = pool.invokeAll(List.of(
                    () -> detector.detect(image), () -> detector.detect(image), () -> detector.detect(image)));
            for (Future<List<Detection>> r : results) {
                assertEquals(expected, r.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}

package io.facegate.face.tiny;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.facegate.face.Box;
import io.facegate.face.Detection;
import io.facegate.face.image.NetInput;
import io.facegate.face.image.RgbImage;
import io.facegate.face.landmarks.FaceLandmarker;
import io.facegate.face.onnx.OnnxNetwork;
import io.facegate.face.weights.TfjsWeights;

/**
 * Prints timings of TinyFaceDetector and FaceLandmarker on a 640×480 crop of sample1 (a webcam-sized frame),
 * after warm-up. Timings depend on the machine and its load, so nothing is asserted about them.
 */
class TinyEngineTimingTest {

    private static final int WARM_UP = 5;
    private static final int RUNS = 20;

    @Test
    void printsTimings() {
        RgbImage sample = ParityFixtures.readPng(ParityFixtures.parityDir().resolve("sample1.png"));
        Box face = ParityFixtures.reference().get(0).tiny().get(0).box();
        int x0 = clamp((int) face.centreX() - 320, sample.width() - 640);
        int y0 = clamp((int) face.centreY() - 240, sample.height() - 480);
        RgbImage frame = ParityFixtures.crop(sample, x0, y0, 640, 480);

        long t0 = System.nanoTime();
        TfjsWeights weights = TfjsWeights.load(ParityFixtures.models(), TinyFaceDetector.MODEL_NAME);
        long t1 = System.nanoTime();
        byte[] model = TinyFaceDetectorGraph.build(weights, 416);
        long t2 = System.nanoTime();
        new OnnxNetwork("TinyFaceDetector(416)", model, 1).close();
        long t3 = System.nanoTime();
        System.out.printf("TinyFaceDetector: weights %.0f ms, graph build %.0f ms (%d KB), session %.0f ms%n",
                ms(t1 - t0), ms(t2 - t1), model.length / 1024, ms(t3 - t2));

        for (int threads = 1; threads <= 2; threads++) {
            long c0 = System.nanoTime();
            try (TinyFaceDetector detector = new TinyFaceDetector(ParityFixtures.models(),
                    TinyFaceDetectorOptions.DEFAULTS, threads)) {
                long c1 = System.nanoTime();
                try (FaceLandmarker landmarker = new FaceLandmarker(ParityFixtures.models(), threads)) {
                    long c2 = System.nanoTime();
                    List<Detection> found = detector.detect(frame);
                    assertFalse(found.isEmpty(), "the crop is centred on a face");
                    Box box = found.get(0).box();
                    double detect = time(() -> detector.detect(frame));
                    double landmarks = time(() -> landmarker.landmarks(frame, box));
                    System.out.printf("%d intra-op thread(s): detection at 416 on 640x480 %.1f ms, landmarks "
                                    + "%.1f ms; constructors (weights + graph + session): detector %.0f ms, "
                                    + "landmarker %.0f ms%n",
                            threads, detect, landmarks, ms(c1 - c0), ms(c2 - c1));
                }
            }
        }
        System.out.printf("of which pre-processing 640x480 -> 416 (NetInput.toNchw): %.1f ms%n", time(() ->
                NetInput.toNchw(frame, NetInput.Region.of(frame), false, 416, TinyFaceDetector.MEAN_RGB,
                        TinyFaceDetector.DIVISOR)));
    }

    /** @return mean ms per call over {@value #RUNS} calls after {@value #WARM_UP} warm-up calls */
    private static double time(Supplier<?> call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.get();
        }
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            call.get();
        }
        return ms(System.nanoTime() - start) / RUNS;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }
}

package io.facegate.face.ssd;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.facegate.face.image.NetInput;
import io.facegate.face.image.RgbImage;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/** Prints timings of the SSD detector (not asserted: they depend on the machine's load). */
class SsdMobilenetV1TimingTest {

    private static final int WARM_UP = 3;
    private static final int RUNS = 10;

    @Test
    void printsMillisecondsPerDetectionOnA640x480Crop() throws Exception {
        RgbImage sample = TestImages.read(Path.of(System.getProperty("facegate.parity.dir", "target/parity"),
                "sample1.png"));
        RgbImage crop = TestImages.crop(sample, 100, 250, 640, 480);
        TfjsWeights weights = TfjsWeights.load(ModelSource.classpath(), SsdMobilenetV1Graph.MODEL_NAME);
        long t0 = System.nanoTime();
        byte[] model = SsdMobilenetV1Graph.build(weights);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "SSD graph build %.0f ms (%d bytes)%n", buildMs, model.length);
        for (int threads = 1; threads <= 2; threads++) {
            long t1 = System.nanoTime();
            try (SsdMobilenetV1Detector detector = new SsdMobilenetV1Detector(weights, threads,
                    SsdMobilenetV1Options.DEFAULT)) {
                double createMs = (System.nanoTime() - t1) / 1e6;
                for (int i = 0; i < WARM_UP; i++) {
                    assertFalse(detector.detect(crop).isEmpty(), "the crop shows a face");
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < RUNS; i++) {
                    detector.detect(crop);
                }
                double perRun = (System.nanoTime() - t2) / 1e6 / RUNS;
                long t3 = System.nanoTime();
                for (int i = 0; i < RUNS; i++) {
                    NetInput.toNchw(crop, NetInput.Region.of(crop), false, SsdMobilenetV1Graph.INPUT_SIZE,
                            new float[3], 1f);
                }
                double preMs = (System.nanoTime() - t3) / 1e6 / RUNS;
                System.out.printf(Locale.ROOT, "SSD %d intra-op thread(s): graph build + session %.0f ms, %.1f ms per"
                        + " detection (640x480), of which %.1f ms pre-processing%n", threads, createMs, perRun, preMs);
            }
        }
    }
}

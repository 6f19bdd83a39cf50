package io.facegate.face.recognition;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.facegate.face.image.RgbImage;
import io.facegate.face.onnx.OnnxNetwork;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/**
 * Throwaway timing of FaceRecognitionNet (not a test): weights load, graph build, session creation, and time per
 * descriptor (crop preparation + network) after warm-up, with 1 and 2 intra-op threads. Run with the test class
 * path; argument: the parity folder (default target/parity).
 */
final class FaceRecognitionTiming {

    private FaceRecognitionTiming() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/parity");
        List<ParityReference.Image> images = ParityReference.load(dir);
        ParityReference.Image image = images.get(0);
        RgbImage rgb = ParityReference.read(dir.resolve(image.file()));
        ParityReference.Face face = image.ssd().get(0);
        ModelSource source = ModelSource.classpath();
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            TfjsWeights weights = TfjsWeights.load(source, FaceRecognitionNet.MODEL_NAME);
            long t1 = System.nanoTime();
            byte[] model = FaceRecognitionGraph.build(weights);
            long t2 = System.nanoTime();
            new OnnxNetwork("timing", model, 2).close();
            long t3 = System.nanoTime();
            System.out.printf("round %d: weights %.0f ms, graph build %.0f ms (%d bytes), session %.0f ms%n", round,
                    ms(t1 - t0), ms(t2 - t1), model.length, ms(t3 - t2));
        }
        TfjsWeights weights = TfjsWeights.load(source, FaceRecognitionNet.MODEL_NAME);
        for (int threads : new int[] {1, 2, 1, 2}) {
            try (FaceRecognitionNet net = new FaceRecognitionNet(weights, threads)) {
                FaceRecognizer recognizer = new FaceRecognizer(net);
                for (int i = 0; i < 30; i++) {
                    recognizer.describe(rgb, face.landmarks());
                }
                int n = 200;
                double[] total = new double[n];
                double[] netOnly = new double[n];
                float[] input = io.facegate.face.image.NetInput.toNchw(rgb, recognizer.cropBox(rgb, face.landmarks()),
                        true, 150, new float[] {122.782f, 117.001f, 104.298f}, 255f);
                for (int i = 0; i < n; i++) {
                    long a = System.nanoTime();
                    recognizer.describe(rgb, face.landmarks());
                    long b = System.nanoTime();
                    net.compute(input);
                    long c = System.nanoTime();
                    total[i] = ms(b - a);
                    netOnly[i] = ms(c - b);
                }
                System.out.printf("%d intra-op thread(s): describe median %.2f ms (p90 %.2f), network only median"
                        + " %.2f ms (p90 %.2f)%n", threads, pct(total, 50), pct(total, 90), pct(netOnly, 50),
                        pct(netOnly, 90));
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double pct(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)];
    }
}

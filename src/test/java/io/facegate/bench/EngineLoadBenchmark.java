package io.facegate.bench;

import io.facegate.face.FaceEngine;
import io.facegate.face.landmarks.FaceLandmarker;
import io.facegate.face.recognition.FaceRecognitionNet;
import io.facegate.face.ssd.SsdMobilenetV1Detector;
import io.facegate.face.tiny.TinyFaceDetector;
import io.facegate.face.weights.ModelSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading the face engine's four networks: {@link FaceEngine#load} from the class path (the ONNX files the build
 * converted, sessions opened in parallel, one thread per core), the same from the npm package's TF.js weights (the
 * graphs built while loading, as every start did before the build converted them), and the four constructors one
 * after the other. Single-shot times, each fork a fresh JVM, so the first iteration is the cold
 * load a start pays. Run (after {@code mvn -o -q test-compile -Dexec.skip=true}):
 * {@code mvn -o -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main EngineLoad"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
public class EngineLoadBenchmark {

    /** ONNX Runtime threads per run, as the server's default {@code FACE_THREADS}. */
    private static final int THREADS = 2;

    /** @return the engine loaded by {@link FaceEngine#load} (networks in parallel); closed at once */
    @Benchmark
    public int parallel() {
        try (FaceEngine engine = FaceEngine.load(ModelSource.classpath(), THREADS)) {
            return engine.hashCode();
        }
    }

    /** @return the engine loaded from the TF.js weights (graphs built while loading); closed at once */
    @Benchmark
    public int parallelFromWeights() {
        try (FaceEngine engine = FaceEngine.load(ModelSource.folder(
                java.nio.file.Path.of("node_modules/@vladmandic/face-api/model")), THREADS)) {
            return engine.hashCode();
        }
    }

    /** @return the four networks opened one after the other; closed at once */
    @Benchmark
    public int sequential() {
        ModelSource source = ModelSource.classpath();
        try (TinyFaceDetector tiny = new TinyFaceDetector(source, THREADS);
             SsdMobilenetV1Detector ssd = new SsdMobilenetV1Detector(source, THREADS);
             FaceLandmarker landmarker = new FaceLandmarker(source, THREADS);
             FaceRecognitionNet net = new FaceRecognitionNet(source, THREADS)) {
            return tiny.hashCode() + ssd.hashCode() + landmarker.hashCode() + net.hashCode();
        }
    }
}

package io.facegate.face.onnx;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/**
 * One ONNX Runtime session over a graph built in memory. Built once and shared: {@link #run} is thread-safe
 * (ONNX Runtime sessions allow concurrent {@code run} calls).
 */
public final class OnnxNetwork implements AutoCloseable {

    /** One output tensor: row-major float data and its shape. */
    public record Output(float[] data, long[] shape) {
    }

    /** ONNX Runtime session option: whether idle intra-op threads busy-wait for the next run. */
    private static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;

    /**
     * Opens a network from the ONNX file the build converted ({@link ModelSource#onnx}), or, when the source has
     * none, from a graph built now from the TF.js weights with {@code converter} (the function the build ran).
     *
     * @param name           a readable name for errors, e.g. {@code FaceRecognitionNet}
     * @param source         where the model files are
     * @param modelName      the face-api.js file-name prefix, e.g. {@code face_recognition_model}
     * @param converter      TF.js weights to serialized ONNX model
     * @param intraOpThreads threads ONNX Runtime may use inside one run (≥ 1)
     * @return the open network
     * @throws java.io.UncheckedIOException if neither the ONNX file nor the weights can be read
     * @throws IllegalStateException        if ONNX Runtime rejects the model
     */
    public static OnnxNetwork open(String name, ModelSource source, String modelName,
                                   Function<TfjsWeights, byte[]> converter, int intraOpThreads) {
        byte[] model = source.onnx(modelName).orElseGet(() -> converter.apply(TfjsWeights.load(source, modelName)));
        return new OnnxNetwork(name, model, intraOpThreads);
    }

    /**
     * @param name            a readable name for errors, e.g. {@code FaceRecognitionNet}
     * @param model           serialized ONNX model, from {@link OnnxGraphBuilder#build()}
     * @param intraOpThreads  threads ONNX Runtime may use inside one run (≥ 1)
     * @throws IllegalStateException if ONNX Runtime rejects the model
     */
    public OnnxNetwork(String name, byte[] model, int intraOpThreads) {
        this.name = name;
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Worker threads sleep instead of spinning between runs. The engine has four sessions, each with its
            // own pool; spinning pools take the cores the JPEG decoder, the Java pre-processing and the next
            // network need. Measured on 2 shared cores, 640x480 JPEG, tiny 416 + landmarks + descriptor, 2
            // threads: pipeline median 24-65 ms spinning vs 10-23 ms not (descriptor 6-13 ms vs 2.2-3.7 ms).
            options.addConfigEntry(ALLOW_SPINNING, "0");
            // Memory: no CPU arena and no memory pattern. The arena keeps the largest buffers of every run (and of
            // every run at once) for good, the pattern a plan per input shape; without them each run's buffers go
            // back to malloc, which reuses them for the next run, and the JVM's native-heap trim
            // (ops.StartupHeapTrim, -XX:TrimNativeHeapInterval in the Docker image) returns what stays free.
            // Measured (four sessions, 3 runs each, then 30 frames of tiny 416 + 2 landmark + 2 descriptor runs,
            // 2 threads, glibc with MALLOC_ARENA_MAX=2 and a 1 s trim): resident 240 MB instead of 325 MB after
            // the runs, 186 instead of 285 MB before them, and the same CPU per frame (27.3 against 26.7 ms).
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            this.session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the network on one float input.
     *
     * @param input the input name
     * @param data  row-major data
     * @param shape its shape, e.g. NCHW {@code [1,3,150,150]}
     * @return every output by name, in graph order
     * @throws IllegalStateException if ONNX Runtime fails
     */
    public Map<String, Output> run(String input, float[] data, long... shape) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            Map<String, Output> out = new LinkedHashMap<>();
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                FloatBuffer fb = t.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                out.put(e.getKey(), new Output(values, t.getInfo().getShape()));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
        }
    }

    /** @return the readable name given at construction */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot close " + name, e);
        }
    }
}

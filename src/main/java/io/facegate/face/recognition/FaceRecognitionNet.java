package io.facegate.face.recognition;

import java.util.Map;

import io.facegate.face.onnx.OnnxNetwork;
import io.facegate.face.weights.ModelSource;
import io.facegate.face.weights.TfjsWeights;

/**
 * face-api.js's FaceRecognitionNet (a port of dlib's ResNet face descriptor) on ONNX Runtime: one prepared face
 * crop, NCHW {@code [1,3,150,150]}, in, one descriptor {@code float[128]} out. The descriptor is the raw output of
 * the last matrix product, as in face-api.js: not L2-normalised (norms are about 1.4–1.5); faces are compared by
 * Euclidean distance.
 *
 * <p>Thread-safe; build once and share (building takes a few hundred ms). Close it to free the native session.
 */
public final class FaceRecognitionNet implements AutoCloseable {

    /** File-name prefix of the weights in {@code @vladmandic/face-api/model/}. */
    public static final String MODEL_NAME = "face_recognition_model";
    /** Side of the square network input in px ({@code toBatchTensor(150, true)} in FaceRecognitionNet.ts). */
    public static final int INPUT_SIZE = 150;
    /** Length of a descriptor (the second dimension of the {@code fc} matrix). */
    public static final int DESCRIPTOR_LENGTH = 128;

    private final OnnxNetwork network;

    /**
     * Opens an ONNX Runtime session on {@value #MODEL_NAME}: the build's ONNX file, or a graph built now from the
     * weights when the source has none ({@link OnnxNetwork#open}).
     *
     * @param source         where the face-api.js model files are
     * @param intraOpThreads threads ONNX Runtime may use inside one descriptor computation (≥ 1)
     * @throws IllegalArgumentException     if the thread count is below 1, or the weights do not have the expected
     *                                      tensors and shapes
     * @throws java.io.UncheckedIOException if the weights cannot be read
     * @throws IllegalStateException        if ONNX Runtime rejects the graph
     */
    public FaceRecognitionNet(ModelSource source, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
        }
        this.network = OnnxNetwork.open("FaceRecognitionNet", source, MODEL_NAME, FaceRecognitionNet::toOnnx,
                intraOpThreads);
    }

    /**
     * The build's conversion of this network (and the fallback when no converted file exists).
     *
     * @param weights the {@value #MODEL_NAME} tensors
     * @return the serialized ONNX model, input NCHW {@code [1,3,150,150]}, output {@code [1,128]}
     * @throws IllegalArgumentException if the weights do not have the expected tensors and shapes
     */
    public static byte[] toOnnx(TfjsWeights weights) {
        return FaceRecognitionGraph.build(weights);
    }

    /**
     * @param nchw the prepared input, NCHW {@code [1,3,150,150]} ({@code float[67500]}), as made by
     *             {@link FaceRecognizer}
     * @return the descriptor, {@code float[128]}
     * @throws IllegalArgumentException if the input has the wrong length
     */
    public float[] compute(float[] nchw) {
        int expected = 3 * INPUT_SIZE * INPUT_SIZE;
        if (nchw.length != expected) {
            throw new IllegalArgumentException("FaceRecognitionNet takes NCHW [1,3,150,150] = " + expected
                    + " floats, got " + nchw.length);
        }
        Map<String, OnnxNetwork.Output> out = network.run(FaceRecognitionGraph.INPUT, nchw, 1, 3, INPUT_SIZE,
                INPUT_SIZE);
        return out.get(FaceRecognitionGraph.OUTPUT).data();
    }

    @Override
    public void close() {
        network.close();
    }
}
